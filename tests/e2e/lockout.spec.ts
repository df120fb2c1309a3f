import { expect, test } from "./fixtures";
import { createOrganiser, logIn, logOut, submitLogin, uniqueUsername } from "./helpers";

// A long journey: a dozen password hashes (Argon2) on a machine that may be busy.
test.describe.configure({ timeout: 90_000 });

const LOCKED_ZH = "密码连续输错 5 次，账号已锁定，请在 15 分钟后再试。";

// Only an account made for this test is locked: the demo accounts serve the other tests.
test("five wrong passwords lock an account; the admin sees it in the audit log and unlocks it", async ({
  page,
}) => {
  const username = uniqueUsername("lock");
  const password = "Lockout-test-2026";

  await logIn(page, "admin");
  const id = await createOrganiser(page, { username, password, displayName: "锁定 测试" });
  await logOut(page);

  for (let attempt = 1; attempt <= 4; attempt++) {
    await submitLogin(page, username, `wrong-password-${attempt}`);
    await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确。");
  }
  await submitLogin(page, username, "wrong-password-5");
  await expect(page.getByRole("alert")).toHaveText(LOCKED_ZH);
  await expect(page).toHaveURL(/\/login$/);

  // Locked means locked: even the right password is refused now.
  await submitLogin(page, username, password);
  await expect(page.getByRole("alert")).toHaveText(/账号已锁定/);
  await expect(page).toHaveURL(/\/login$/);

  await logIn(page, "admin");
  await page
    .getByRole("navigation", { name: "主导航" })
    .getByRole("link", { name: "审计日志" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("审计日志");
  await page.getByLabel("操作", { exact: true }).selectOption({ label: "账号锁定" });
  await page.getByLabel("操作人", { exact: true }).fill(username);
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/action=lockout/);
  const found = page.getByRole("list", { name: "审计日志" }).getByRole("listitem");
  await expect(found).toHaveCount(1);
  const entry = found.first();
  await expect(entry).toContainText("账号锁定");
  await expect(entry).toContainText(username);
  await expect(entry).toContainText("成功");
  await expect(entry).toContainText("连续 5 次登录失败，锁定 15 分钟");

  // The accounts list shows the lock; the account's page lifts it.
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: username }) });
  await expect(row).toContainText("已锁定");
  await row.getByRole("link", { name: username }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已锁定");
  await page.getByRole("button", { name: "解除锁定", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`已解除 ${username} 的锁定。`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("正常");
  await expect(page.getByRole("button", { name: "解除锁定" })).toHaveCount(0);

  await page.goto(`/admin/audit?action=user.unlock&actor=admin`);
  const entries = page.getByRole("list", { name: "审计日志" }).getByRole("listitem");
  await expect(entries.first()).toContainText("解除锁定");
  await expect(entries.first()).toContainText(username);

  // Unlocked: the right password works again (and, being new, the account must change it).
  await logOut(page);
  await submitLogin(page, username, password);
  await expect(page).toHaveURL(/\/account\/password$/);
});

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("the lockout message is shown in English", async ({ page }) => {
    const username = uniqueUsername("lock-en");
    await logIn(page, "admin", undefined, "en");
    // The admin pages are in English here; the helper speaks Chinese, so switch for it.
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await createOrganiser(page, { username, password: "Lockout-test-2027" });
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await logOut(page, "en");

    for (let attempt = 1; attempt <= 4; attempt++) {
      await submitLogin(page, username, `wrong-password-${attempt}`, "en");
      await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
    }
    await submitLogin(page, username, "wrong-password-5", "en");
    await expect(page.getByRole("alert")).toHaveText(
      "Five wrong passwords in a row: the account is locked. Try again in 15 minutes.",
    );
  });
});
