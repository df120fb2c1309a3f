import axe from "axe-core";
import type { Cookie, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The one password of every demo account (demo mode only). */
export const DEMO_PASSWORD = "pufa-demo-2026";

export type DemoAccount = "admin" | "organiser" | "village" | "official" | "hengjing" | "district";

/** Unit ids in a freshly seeded demo database. */
export const UNIT = { district: 1, subdistrict: 2, zhoushan: 3, yufan: 4 } as const;

type Lang = "zh" | "en";

const loginWords = {
  zh: { username: "用户名", password: "密码", submit: "登录", logout: "退出登录" },
  en: { username: "Username", password: "Password", submit: "Log in", logout: "Log out" },
} as const;

/** Fills in and sends the log-in form; the caller asserts where it lands. */
export async function submitLogin(
  page: Page,
  username: string,
  password: string,
  lang: Lang = "zh",
) {
  const words = loginWords[lang];
  await page.goto("/login");
  await page.getByLabel(words.username, { exact: true }).fill(username);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: words.submit, exact: true }).click();
}

/** Logs in through the log-in form and waits for the dashboard. */
export async function logInWithForm(
  page: Page,
  username: DemoAccount | string,
  password = DEMO_PASSWORD,
  lang: Lang = "zh",
) {
  await submitLogin(page, username, password, lang);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/**
 * The session cookie of each account this worker has logged in, by username and password. Each
 * worker has a server of its own, and its module state lives as long as the worker.
 */
const sessions = new Map<string, Cookie>();

/**
 * Logs in and opens the dashboard. The first log-in of an account in a worker goes through the
 * form; later ones reuse its session (an Argon2 check and two pages fewer), as a returning user's
 * browser does, unless the session has ended (a log-out, a reset, a disabled account): then the
 * form again. Tests of the log-in itself use logInWithForm or submitLogin.
 */
export async function logIn(
  page: Page,
  username: DemoAccount | string,
  password = DEMO_PASSWORD,
  lang: Lang = "zh",
) {
  const key = `${username}\n${password}`;
  const kept = sessions.get(key);
  if (kept) {
    await page.context().addCookies([kept]);
    await page.goto("/dashboard");
    if (new URL(page.url()).pathname === "/dashboard") return;
    sessions.delete(key);
  }
  await logInWithForm(page, username, password, lang);
  const cookie = (await page.context().cookies()).find(({ name }) => name === SESSION_COOKIE);
  if (cookie) sessions.set(key, cookie);
}

/** The name of the staff session's cookie (app/.server/auth/guards.ts). */
const SESSION_COOKIE = "pufa_session";

/**
 * The main navigation, ready to use: on a phone it folds behind the menu button, which this
 * opens first.
 */
export async function openMainNav(page: Page, lang: Lang = "zh") {
  const menu = page.locator("details.menu");
  if ((await menu.isVisible()) && (await menu.getAttribute("open")) === null) {
    await menu.locator("summary").click();
  }
  return page.getByRole("navigation", { name: navWords[lang] });
}

const navWords = { zh: "主导航", en: "Main navigation" } as const;

export async function logOut(page: Page, lang: Lang = "zh") {
  const ending = (await page.context().cookies()).find(({ name }) => name === SESSION_COOKIE);
  const nav = await openMainNav(page, lang);
  await nav.getByRole("button", { name: loginWords[lang].logout, exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  for (const [key, kept] of sessions) if (kept.value === ending?.value) sessions.delete(key);
}

/** A username nobody has used yet in this run (the database lives for the whole run). */
export function uniqueUsername(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

/**
 * As an admin already logged in, creates an organiser at 香山街道 through /admin/users/new, opens
 * it from the handover slip and returns the new account's page id.
 */
export async function createOrganiser(
  page: Page,
  input: { username: string; password: string; displayName?: string },
) {
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名", { exact: true }).fill(input.username);
  await page.getByLabel("姓名", { exact: true }).fill(input.displayName ?? "测试 组织者");
  await page.getByLabel("角色", { exact: true }).selectOption("organiser");
  await page.getByLabel("所属单位", { exact: true }).selectOption(String(UNIT.subdistrict));
  await page.getByLabel("初始密码", { exact: true }).fill(input.password);
  await page.getByRole("main").getByRole("button", { name: "新建账号", exact: true }).click();
  // The answer is the handover slip; from it the admin opens the new account's page.
  await expect(page.getByRole("status")).toContainText(`已创建账号 ${input.username}`);
  await page.getByRole("link", { name: `查看账号 ${input.username}` }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  expect(Number.isSafeInteger(id)).toBe(true);
  return id;
}

/** The document does not scroll sideways (everything fits the viewport's width). */
export async function expectNoHorizontalScroll(page: Page) {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(sizes.scrollWidth, `page ${page.url()} scrolls sideways`).toBeLessThanOrEqual(
    sizes.clientWidth,
  );
}

/**
 * axe-core's findings on the page as it is now. The script goes into the document once and serves
 * every later pass on it, and only violations come back with their elements (the passes of a long
 * page list every element). @axe-core/playwright's AxeBuilder finds the same, but injects the
 * script afresh for each pass and finishes it in a new blank page: 3 to 8 times slower here.
 * Pufa's pages have no frames, so the page's own document is all there is to test.
 */
async function runAxe(page: Page, options: axe.RunOptions): Promise<axe.AxeResults> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const runOptions: axe.RunOptions = { ...options, resultTypes: ["violations"] };
  return page.evaluate(
    (sent) => (window as unknown as { axe: typeof axe }).axe.run(document, sent),
    runOptions,
  );
}

/**
 * The serious and critical findings of axe-core on the page as it is now. With the text enlarged
 * (a root font size set by the test) the contrast rule is left out: it is the slowest rule by far,
 * and enlarged text only lowers the ratio it must meet (WCAG's large-text threshold), so the pass
 * at the normal size has already checked the stricter case. Lesser findings are listed in the
 * report.
 */
export async function seriousA11yViolations(page: Page) {
  const enlarged = await page.evaluate(() => document.documentElement.style.fontSize !== "");
  const results = await runAxe(
    page,
    enlarged ? { rules: { "color-contrast": { enabled: false } } } : {},
  );
  for (const violation of results.violations) {
    if (violation.impact === "serious" || violation.impact === "critical") continue;
    test.info().annotations.push({
      type: `axe ${violation.impact ?? "unknown"}`,
      description: `${page.url()}: ${violation.id} (${violation.nodes.length})`,
    });
  }
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** Fails on any serious or critical axe-core finding on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page) {
  expect(await seriousA11yViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * The page on a 360 px wide screen, then with its text at 200%: nothing scrolls sideways and axe
 * finds nothing serious either way. The text size and the viewport are put back afterwards.
 */
export async function checkNarrowAndLarge(page: Page, restore: { width: number; height: number }) {
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
  await expect(page.locator("html")).toHaveCSS("font-size", "32px");
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "";
  });
  await page.setViewportSize(restore);
}

/**
 * Everything that goes wrong in the page while a test runs: console errors, uncaught errors and
 * failed requests. A request the page itself cancels (a list refresh or a prefetch overtaken by
 * navigating) is aborted, not failed; anything else that fails counts.
 */
export function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED")
      errors.push(`failed: ${request.url()}`);
  });
  return errors;
}
