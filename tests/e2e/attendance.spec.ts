import { readFile } from "node:fs/promises";
import { E2E_DATABASE, expect, test } from "./fixtures";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { createEvent } from "../../app/.server/events/events";
import { CONSENT_VERSION } from "../../app/lib/checkin-window";
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, logIn, UNIT } from "./helpers";
import { demoActor } from "../support/demo";

// At the door the organiser holds a phone: walk-ins, the live list, undo, exports, the report.

test.use({ viewport: { width: 360, height: 740 } });

let db: Kysely<Database>;
let eventId: number;

const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

test.beforeAll(async () => {
  // The server's own demo database: the event is created as the demo organiser would.
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  const organiser = await demoActor(db, "organiser");
  const start = Date.now() - 20 * 60_000;
  const created = await createEvent(db, {
    actor: organiser,
    publish: true,
    event: {
      title: `门口签到演练 ${start.toString(36)}`,
      format: "consultation",
      setting: "village",
      campaignId: null,
      hostUnitId: UNIT.subdistrict,
      villageId: UNIT.zhoushan,
      venue: "舟山村广场",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3_600_000).toISOString(),
      audience: ["villager", "elderly"],
      laws: null,
      speaker: null,
      speakerRole: null,
      capacity: null,
      visibility: "public",
      description: null,
      rotatingQr: false,
      invitees: [],
    },
  });
  eventId = created.id;
  await selfScan("李四", "13912345678");
});

test.afterAll(async () => {
  await db?.destroy();
});

function selfScan(name: string, phone: string) {
  return recordCheckIn(db, {
    eventId,
    place: { unitId: UNIT.subdistrict, searchPath: `/${UNIT.district}/${UNIT.subdistrict}/` },
    person: { name, phone, villageId: UNIT.zhoushan, employer: null, group: "villager" },
    method: "self_scan",
    recordedBy: null,
    consentVersion: CONSENT_VERSION,
  });
}

test("an organiser adds a walk-in at the door, sees it masked, undoes a mistake and exports", async ({
  page,
}) => {
  await logIn(page, "organiser");
  await page.goto(`/events/${eventId}/attendance`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("签到名单");
  const list = page.getByRole("list", { name: "签到记录" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("139****5678");
  await expectNoSeriousA11yViolations(page);
  await expectNoHorizontalScroll(page);

  // Without the consent tick nothing is written, and the form says why.
  await page.locator("summary", { hasText: "现场登记" }).click();
  const walkIn = page.getByRole("region", { name: "现场登记" });
  await walkIn.getByLabel("姓名", { exact: true }).fill("王五");
  await walkIn.getByLabel("手机号（选填）").fill("13700001111");
  await walkIn.getByRole("button", { name: "登记签到" }).click();
  const consent = walkIn.getByLabel("已向本人宣读个人信息说明，本人同意登记");
  await expect(consent).toHaveAttribute("aria-invalid", "true");
  await expect(walkIn.getByRole("alert")).toContainText("请修改以下 1 处错误：");
  await expect(list.getByRole("listitem")).toHaveCount(1);

  await expect(walkIn.getByLabel("姓名", { exact: true })).toHaveValue("王五");
  await walkIn.getByLabel("身份").selectOption({ label: "农民工（含新就业形态劳动者）" });
  // From outside the sub-district: no village (the form starts at the event's), an employer.
  await walkIn.getByLabel("所在村（社区）").selectOption({ label: "请选择" });
  await walkIn.getByLabel("或工作单位").fill("苏州精密机械厂");
  await consent.check();
  await walkIn.getByRole("button", { name: "登记签到" }).click();
  await expect(page.getByRole("status")).toHaveText("已登记 王五 的签到。");
  const wangwu = list.getByRole("listitem").filter({ hasText: "王五" });
  await expect(wangwu).toContainText("137****1111");
  await expect(wangwu).toContainText("苏州精密机械厂");
  await expect(wangwu).toContainText("现场登记");
  await expect(wangwu).toContainText("登记人：司法所 王敏（演示）");
  await expect(page.getByRole("main")).not.toContainText("13700001111");
  await expect(page.getByRole("heading", { name: "已签到 2 人" })).toBeVisible();

  // A resident who scans meanwhile appears without reloading the page.
  await selfScan("钱七", "13600002222");
  await expect(list.getByRole("listitem").filter({ hasText: "钱七" })).toContainText("136****2222");

  // A family member on 李四's phone is a person of her own; both are marked as sharing it.
  await selfScan("李奶奶", "13912345678");
  const sharing = list.getByRole("listitem").filter({ hasText: "与他人共用手机号" });
  await expect(sharing).toHaveCount(2);
  await expect(sharing.filter({ hasText: "李奶奶" })).toHaveCount(1);
  await expect(sharing.filter({ hasText: "李四" })).toHaveCount(1);
  await expect(page.getByText("按姓名分别计人")).toBeVisible();

  // Each row is one line; its details and undo open under the name.
  await list.locator("summary", { hasText: "李四" }).click();
  await page.getByRole("link", { name: "撤销 李四 的签到" }).click();
  await page.getByRole("button", { name: "确认撤销" }).click();
  await expect(page.getByRole("status")).toHaveText("已撤销 李四 的签到（已记入操作日志）。");
  await expect(list.getByRole("listitem").filter({ hasText: "李四" })).toHaveCount(0);
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(sharing).toHaveCount(0);

  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载 CSV" }).click(),
  ]);
  const bytes = await readFile(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n").slice(0, -1);
  expect(lines[0]).toBe(
    "签到时间,姓名,手机号,村（社区）或单位,身份,签到方式,登记人,同一设备签到多人",
  );
  const rows = lines.slice(1).map((line) => line.split(","));
  expect(rows.map((row) => row.slice(1))).toEqual([
    [
      "王五",
      "137****1111",
      "苏州精密机械厂",
      "农民工（含新就业形态劳动者）",
      "现场登记",
      "司法所 王敏（演示）",
      "",
    ],
    ["钱七", "136****2222", "舟山村", "村（居）民", "扫码自助签到", "", ""],
    ["李奶奶", "139****5678", "舟山村", "村（居）民", "扫码自助签到", "", ""],
  ]);
  for (const row of rows) expect(row[0]).toMatch(STAMP);

  const [xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载 Excel（XLSX）" }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await readFile(await xlsx.path())).buffer);
  expect(String(workbook.getWorksheet("说明")!.getCell("B2").value)).toContain("门口签到演练");
  const sheet = workbook.getWorksheet("签到名单")!;
  expect(sheet.getCell("B1").value).toBe("姓名");
  expect(sheet.getCell("A2").value).toBeInstanceOf(Date);
  expect([sheet.getCell("B2").value, sheet.getCell("C2").value]).toEqual(["王五", "137****1111"]);
  expect([sheet.getCell("B3").value, sheet.getCell("C3").value]).toEqual(["钱七", "136****2222"]);
  expect([sheet.getCell("B4").value, sheet.getCell("C4").value]).toEqual(["李奶奶", "139****5678"]);
  expect(sheet.rowCount).toBe(4);
});

test("the organiser writes the after-event report; crowd and check-ins stay apart", async ({
  page,
}) => {
  await logIn(page, "organiser");
  await page.goto(`/events/${eventId}/report`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("活动总结");
  await expectNoSeriousA11yViolations(page);
  await expectNoHorizontalScroll(page);

  await page.getByLabel("估计受众（人次）").fill("-1");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByLabel("估计受众（人次）")).toHaveAccessibleDescription(
    /请填写 0 或正整数。/,
  );
  await expect(page.getByRole("alert")).toContainText("请修改以下 1 处错误：");
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("估计受众（人次）").fill("600");
  await page.getByLabel("发放资料（份）").fill("240");
  await page.getByLabel("现场咨询（人次）").fill("18");
  await page.getByLabel("简报").fill("广场咨询台，发放民法典手册。");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  // The event is still running: the report is kept, the event stays published until it ends.
  await expect(page.getByRole("status")).toHaveText("活动总结已保存；活动结束后可以继续补充。");
  await expect(page.getByRole("row", { name: /个人签到/ })).toContainText("3 人");
  await expect(page.getByRole("row", { name: /估计受众/ })).toContainText("600 人次");
  // A report written while the event runs does not end it: the header still says 进行中.
  await expect(page.getByText("进行中", { exact: true })).toBeVisible();
});
