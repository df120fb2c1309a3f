import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { DemoAccount } from "./helpers";
import { DEMO_PASSWORD, UNIT, logIn } from "./helpers";

// The foundation's links. Links of later features (events...) may sit between them; the test
// names what each role must and must not be offered.
const adminOnly = ["账号管理", "审计日志", "系统设置"];
const staffLinks = ["工作台", "行政区划", "修改密码"];
const offered: Record<DemoAccount, { links: string[]; notOffered: string[] }> = {
  admin: { links: [...staffLinks, ...adminOnly], notOffered: ["登录"] },
  organiser: { links: staffLinks, notOffered: [...adminOnly, "登录"] },
  village: { links: staffLinks, notOffered: [...adminOnly, "登录"] },
  official: { links: staffLinks, notOffered: [...adminOnly, "登录"] },
  hengjing: { links: staffLinks, notOffered: [...adminOnly, "登录"] },
  district: { links: staffLinks, notOffered: [...adminOnly, "登录"] },
};

const mainNav = (page: Page) => page.getByRole("navigation", { name: "主导航" });

test.describe("navigation fits the role", () => {
  for (const account of Object.keys(offered) as DemoAccount[]) {
    test(`${account} is offered the links of the role and no others`, async ({ page }) => {
      await logIn(page, account);
      const nav = mainNav(page);
      for (const name of offered[account].notOffered) {
        await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
      }
      await expect(nav.getByRole("button", { name: "退出登录", exact: true })).toBeVisible();
      // Every link opens its page (none of them a refusal).
      for (const name of offered[account].links) {
        await nav.getByRole("link", { name, exact: true }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
        await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute(
          "aria-current",
          "page",
        );
      }
    });
  }
});

test.describe("pages outside the role are refused", () => {
  for (const account of ["organiser", "official"] as const) {
    test(`${account} is refused the accounts and audit pages (Chinese)`, async ({ page }) => {
      await logIn(page, account);
      for (const path of [
        "/admin/users",
        "/admin/users/new",
        "/admin/users/1",
        "/admin/audit",
        "/admin/settings",
      ]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(403);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("无权访问");
        await expect(page.getByRole("main")).toContainText(
          "您的账号无权查看或操作此内容，或该内容不在您管辖的范围内。",
        );
        await expect(page).toHaveTitle("无权访问 · 普法");
        // The header is still there, so the user can find their way back.
        await expect(mainNav(page).getByRole("link", { name: "工作台" })).toBeVisible();
      }
    });
  }

  test.describe("in English", () => {
    test.use({ locale: "en-US" });

    for (const account of ["organiser", "official"] as const) {
      test(`${account} is refused the accounts page in English`, async ({ page }) => {
        await logIn(page, account, DEMO_PASSWORD, "en");
        const response = await page.goto("/admin/users");
        expect(response?.status()).toBe(403);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
        await expect(page.getByRole("main")).toContainText(
          "Your account may not see or change this",
        );
        await expect(page).toHaveTitle("Not allowed · Pufa");
      });
    }
  });

  test("a refused navigation inside the running app shows the same page", async ({ page }) => {
    await logIn(page, "official");
    // Through Remix's client router (a fetch of the route's data), not a document load.
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.evaluate(async () => {
      const router = (window as { __remixRouter?: { navigate(to: string): Promise<void> } })
        .__remixRouter;
      if (!router) throw new Error("the page is not hydrated");
      await router.navigate("/admin/users");
    });
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("无权访问");
    await expect(page).toHaveTitle("无权访问 · 普法");
  });
});

test.describe("staff see only their own part of the tree", () => {
  test("a village organiser opens their village but not another one", async ({ page }) => {
    await logIn(page, "village");
    const own = await page.goto(`/units/${UNIT.zhoushan}`);
    expect(own?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("舟山村");

    const other = await page.goto(`/units/${UNIT.yufan}`);
    expect(other?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("无权访问");
    await expect(page.getByRole("main")).not.toContainText("渔帆村");

    // Nor the sub-district above, nor the district.
    for (const id of [UNIT.subdistrict, UNIT.district]) {
      const response = await page.goto(`/units/${id}`);
      expect(response?.status()).toBe(403);
    }

    // The list of units holds the village alone.
    await page.goto("/units");
    const tree = page.getByRole("main").getByRole("list");
    await expect(tree.getByRole("link")).toHaveText(["舟山村"]);
  });

  test("a sub-district organiser opens every village of the sub-district", async ({ page }) => {
    await logIn(page, "organiser");
    await page.goto(`/units/${UNIT.subdistrict}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("香山街道");
    const villages = page.getByRole("region", { name: "下级单位" }).getByRole("link");
    await expect(villages).toHaveCount(13);
    await villages.filter({ hasText: "渔帆村" }).click();
    await expect(page).toHaveURL(new RegExp(`/units/${UNIT.yufan}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("渔帆村");
    const district = await page.goto(`/units/${UNIT.district}`);
    expect(district?.status()).toBe(403);
  });

  test("an unknown unit is a 404 in the reader's language", async ({ page }) => {
    await logIn(page, "admin");
    const response = await page.goto("/units/99999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  });
});
