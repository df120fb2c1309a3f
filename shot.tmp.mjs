import { chromium } from "@playwright/test";
const [,, user, lang, width, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium-headless-shell" });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, locale: lang === "en" ? "en-US" : "zh-CN", extraHTTPHeaders: { "Accept-Language": lang === "en" ? "en-US,en" : "zh-CN,zh" }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
const base = "http://127.0.0.1:3300";
if (user !== "anon") {
  await page.goto(base + "/login");
  await page.fill("input[name=username]", user);
  await page.fill("input[name=password]", "pufa-demo-2026");
  await page.click("main button[type=submit]");
  await page.waitForLoadState("networkidle");
}
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForLoadState("networkidle");
  const name = `/tmp/shots/${user}-${lang}-${width}-${p.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: name, fullPage: true });
  console.log(name);
}
await browser.close();
