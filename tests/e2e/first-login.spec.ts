import { expect, test } from "./fixtures";
import { createOrganiser, logIn, logOut, submitLogin, uniqueUsername } from "./helpers";

// A long journey: a dozen password hashes (Argon2) on a machine that may be busy.
test.describe.configure({ timeout: 90_000 });

test("a new account must change its password at first log-in; bad input is explained", async ({
  page,
}) => {
  const username = uniqueUsername("first");
  const initial = "Initial-pass-2026";
  const chosen = "Chosen-pass-2026";

  await logIn(page, "admin");
  await createOrganiser(page, { username, password: initial, displayName: "首次 登录" });
  await logOut(page);

  await submitLogin(page, username, initial);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("status")).toHaveText("请先修改初始密码。");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("修改密码");

  // Other staff pages send the user back here until the password is changed.
  await page.goto("/units");
  await expect(page).toHaveURL(/\/account\/password$/);

  const current = page.getByLabel("当前密码", { exact: true });
  const password = page.getByLabel("新密码", { exact: true });
  const confirm = page.getByLabel("再次输入新密码", { exact: true });
  const submit = page.getByRole("main").getByRole("button", { name: "修改密码", exact: true });
  const summary = page.getByRole("alert");

  // The two new passwords differ.
  await current.fill(initial);
  await password.fill(chosen);
  await confirm.fill("Chosen-pass-2027");
  await submit.click();
  await expect(summary).toContainText("请修改以下 1 处错误：");
  await expect(summary.getByRole("link", { name: "再次输入新密码" })).toBeVisible();
  await expect(summary).toContainText("两次输入的新密码不一致。");
  await expect(confirm).toHaveAttribute("aria-invalid", "true");
  await expect(confirm).toHaveAccessibleDescription("两次输入的新密码不一致。");
  await expect(password).not.toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/account\/password$/);

  // Too short (and so also no digits: only the first problem of a field is shown).
  await current.fill(initial);
  await password.fill("short1");
  await confirm.fill("short1");
  await submit.click();
  await expect(summary).toContainText("请修改以下 1 处错误：");
  await expect(summary).toContainText("密码至少 10 位。");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/密码至少 10 位。/);
  await expect(confirm).not.toHaveAttribute("aria-invalid", "true");

  // The summary's link takes the user to the field.
  await summary.getByRole("link", { name: "新密码" }).click();
  await expect(password).toBeFocused();

  // Everything empty: one message per field.
  await current.fill("");
  await password.fill("");
  await confirm.fill("");
  await submit.click();
  await expect(summary).toContainText("请修改以下 3 处错误：");
  for (const field of [current, password, confirm]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
  }

  // A wrong current password.
  await current.fill("not-my-password-1");
  await password.fill(chosen);
  await confirm.fill(chosen);
  await submit.click();
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(current).toHaveAccessibleDescription("当前密码不正确。");

  // Success.
  await current.fill(initial);
  await password.fill(chosen);
  await confirm.fill(chosen);
  await submit.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("status")).toHaveText("密码已修改。");
  await page.goto("/units");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("行政区划");

  // The new password is the one that works now.
  await logOut(page);
  await submitLogin(page, username, initial);
  await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确。");
  await logIn(page, username, chosen);
});

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("the password form explains its errors in English", async ({ page }) => {
    const username = uniqueUsername("first-en");
    const initial = "Initial-pass-2028";
    await logIn(page, "admin", undefined, "en");
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await createOrganiser(page, { username, password: initial });
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await logOut(page, "en");

    await submitLogin(page, username, initial, "en");
    await expect(page).toHaveURL(/\/account\/password$/);
    await expect(page.getByRole("status")).toHaveText("Please change your initial password first.");
    const current = page.getByLabel("Current password", { exact: true });
    const password = page.getByLabel("New password", { exact: true });
    const confirm = page.getByLabel("New password again", { exact: true });
    const submit = page.getByRole("main").getByRole("button", { name: "Change password" });

    await current.fill(initial);
    await password.fill("Another-pass-2028");
    await confirm.fill("Another-pass-2029");
    await submit.click();
    await expect(page.getByRole("alert")).toContainText("Please correct this problem:");
    await expect(confirm).toHaveAttribute("aria-invalid", "true");
    await expect(confirm).toHaveAccessibleDescription("The two new passwords differ.");

    await current.fill(initial);
    await password.fill("short2");
    await confirm.fill("short2");
    await submit.click();
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(
      /The password needs at least 10 characters\./,
    );

    await current.fill(initial);
    await password.fill("Another-pass-2028");
    await confirm.fill("Another-pass-2028");
    await submit.click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole("status")).toHaveText("Your password is changed.");
  });
});
