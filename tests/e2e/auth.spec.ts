import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, logInWithForm, logOut, submitLogin } from "./helpers";

test.describe("log in and out (Chinese)", () => {
  test("an organiser logs in, sees the dashboard, and logs out", async ({ page }) => {
    await logInWithForm(page, "organiser");
    await expect(page.getByRole("status")).toHaveText("欢迎，司法所 王敏（演示）。");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
    await expect(page.getByRole("main")).toContainText("活动组织者");
    await expect(page.getByRole("main")).toContainText("香山街道");

    await logOut(page);
    await expect(page.getByRole("status")).toHaveText("已退出登录。");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(nav.getByRole("link", { name: "登录", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "退出登录" })).toHaveCount(0);

    // The session is gone: a staff page sends the visitor back to the log-in page.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  });

  test("a wrong password is refused with a message and stays on the log-in page", async ({
    page,
  }) => {
    await submitLogin(page, "official", "not-the-password-1");
    await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确。");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");
    // The form keeps the username the user typed.
    await expect(page.getByLabel("用户名", { exact: true })).toHaveValue("official");
    await expect(page.getByRole("button", { name: "退出登录" })).toHaveCount(0);
  });

  test("empty fields are marked next to the field and in the summary", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("main").getByRole("button", { name: "登录", exact: true }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("请修改以下 2 处错误：");
    const username = page.getByLabel("用户名", { exact: true });
    await expect(username).toHaveAttribute("aria-invalid", "true");
    await expect(username).toHaveAccessibleDescription("请填写此项。");
    await expect(page.getByLabel("密码", { exact: true })).toHaveAttribute("aria-invalid", "true");
  });

  test("after logging in, the user goes back to the page they asked for", async ({ page }) => {
    await page.goto("/units");
    await expect(page).toHaveURL(/\/login\?next=%2Funits$/);
    await page.getByLabel("用户名", { exact: true }).fill("official");
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("main").getByRole("button", { name: "登录", exact: true }).click();
    await expect(page).toHaveURL(/\/units$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("行政区划");
  });
});

test.describe("log in and out (English)", () => {
  test.use({ locale: "en-US" });

  test("an official logs in and out in English", async ({ page }) => {
    await logInWithForm(page, "official", DEMO_PASSWORD, "en");
    await expect(page.getByRole("status")).toHaveText("Welcome, 街道领导 李华（演示）.");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    await expect(page.getByRole("main")).toContainText("Official (read-only)");
    await logOut(page, "en");
    await expect(page.getByRole("status")).toHaveText("You are logged out.");
    await expect(page.getByRole("link", { name: "Log in", exact: true })).toBeVisible();
  });

  test("a wrong password is refused in English", async ({ page }) => {
    await submitLogin(page, "organiser", "wrong-password-2", "en");
    await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff log-in");
  });
});
