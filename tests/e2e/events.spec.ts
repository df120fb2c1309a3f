import { expect, test } from "./fixtures";
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, logIn } from "./helpers";

const PHONE = { width: 360, height: 740 };

/** A day `days` from today as a datetime-local value at `hour` o'clock (the browser is in Shanghai). */
function local(days: number, hour: number) {
  const day = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, "0")}:00`;
}

test.describe("events (organiser, desktop)", () => {
  test("an organiser publishes an event in Chinese and residents see it on the home page", async ({
    page,
  }) => {
    // Four axe-core runs and a phone viewport: more than the default 30 s on this machine.
    test.slow();
    const title = `宪法进村讲座 ${Date.now().toString(36)}`;
    await logIn(page, "organiser");
    await page.getByRole("link", { name: "查看和发布普法活动" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("普法活动");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "发布新活动" }).click();
    await expect(page).toHaveURL(/\/events\/new$/);
    await page.getByLabel("活动名称", { exact: true }).fill(title);
    await page.getByLabel("活动形式", { exact: true }).selectOption({ label: "法治讲座" });
    await page.getByLabel("活动场景", { exact: true }).selectOption({ label: "进村" });
    await page.getByLabel("所在村（社区）", { exact: true }).selectOption({ label: "舟山村" });
    await page.getByLabel("活动地点", { exact: true }).fill("舟山村党群服务中心");
    await page.getByLabel("开始时间", { exact: true }).fill(local(4, 9));
    await page.getByLabel("结束时间", { exact: true }).fill(local(4, 11));
    await page.getByRole("checkbox", { name: "村（居）民" }).check();
    await page.getByRole("checkbox", { name: "老年人" }).check();
    await page.getByLabel("宣传法律", { exact: true }).fill("宪法");
    await page.getByLabel("主讲人", { exact: true }).fill("陈法官");
    await page.getByLabel("主讲人身份", { exact: true }).selectOption({ label: "法官" });
    await page.getByRole("button", { name: "发布", exact: true }).click();

    await expect(page).toHaveURL(/\/events\/\d+$/);
    await expect(page.getByRole("status")).toHaveText("活动已发布，居民现在可以看到并签到。");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const main = page.getByRole("main");
    await expect(main).toContainText("已发布");
    await expect(main).toContainText("已签到 0 人");
    await expect(main).toContainText(/\/c\/[a-z2-7]{8}/);
    await expectNoSeriousA11yViolations(page);

    await page.setViewportSize(PHONE);
    await page.goto("/");
    const card = page.getByRole("listitem").filter({ hasText: title });
    await expect(card).toContainText("法治讲座");
    // The district has two 舟山村: the public card says whose.
    await expect(card).toContainText("舟山村党群服务中心（香山街道 · 舟山村）");
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    // The village filter works as a plain GET form, folded on a phone.
    await page.locator("summary", { hasText: "筛选" }).click();
    await page.getByLabel("所在村（社区）", { exact: true }).selectOption({ label: "渔帆村" });
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await expect(page).toHaveURL(/village=4/);
    await expect(page.getByRole("link", { name: title })).toHaveCount(0);
    await page
      .getByLabel("所在村（社区）", { exact: true })
      .selectOption({ label: "香山街道 · 舟山村" });
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await page.getByRole("link", { name: title }).click();

    await expect(page).toHaveURL(/\/e\/[a-z2-7]{8}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByRole("main")).toContainText("陈法官（法官）");
    await expect(page.getByRole("link", { name: "加入手机日历" })).toHaveAttribute(
      "href",
      /\/e\/[a-z2-7]{8}\/calendar\.ics$/,
    );
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
  });

  test("the Chinese form marks each problem beside its field", async ({ page }) => {
    await logIn(page, "organiser");
    await page.goto("/events/new");
    await page.getByRole("button", { name: "保存为草稿", exact: true }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("请修改以下");
    const title = page.getByLabel("活动名称", { exact: true });
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription("请填写此项。");
    await expect(page.getByRole("checkbox", { name: "村（居）民" })).toHaveAccessibleDescription(
      "请至少选择一个普法对象。",
    );
    await expectNoSeriousA11yViolations(page);
  });

  test("the English form shows English errors and keeps what was typed", async ({ page }) => {
    await logIn(page, "organiser");
    await page.goto("/events/new");
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Publish a new event");
    await page.getByLabel("Venue", { exact: true }).fill("Zhoushan village hall");
    await page.getByLabel("Starts", { exact: true }).fill(local(2, 15));
    await page.getByLabel("Ends", { exact: true }).fill(local(2, 14));
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("Please correct");
    await expect(page.getByLabel("Title", { exact: true })).toHaveAccessibleDescription(
      "Please fill this in.",
    );
    await expect(page.getByLabel("Venue", { exact: true })).toHaveValue("Zhoushan village hall");
    await expectNoSeriousA11yViolations(page);

    // The check that needs both times runs once the fields themselves are right.
    await page.getByLabel("Title", { exact: true }).fill("Civil Code for migrant workers");
    await page.getByLabel("Format", { exact: true }).selectOption({ label: "Law lecture" });
    await page.getByRole("checkbox", { name: "Migrant workers (incl. gig workers)" }).check();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByLabel("Ends", { exact: true })).toHaveAccessibleDescription(
      /The end must be after the start\./,
    );
    await expect(page.getByRole("alert")).toContainText("Please correct this problem:");
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue(
      "Civil Code for migrant workers",
    );
  });
});
