import { readdirSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { staffCheckIn } from "../../app/.server/attendance/staff-checkin";
import { hashPassword } from "../../app/.server/auth/password";
import { cancelEvent, createEvent } from "../../app/.server/events/events";
import { createStaff } from "../../app/.server/staff/staff";
import { recordPublishConsent } from "../../app/.server/learners/publish";
import { addLearner, retireLearner } from "../../app/.server/learners/roster-write";
import { addCadre } from "../../app/.server/study/cadres";
import { addReport } from "../../app/.server/study/reports";
import { createStudySession } from "../../app/.server/study/sessions";
import { attendanceActionSchema } from "../../app/lib/attendance-schema";
import { eventActionSchema } from "../../app/lib/event-schema";
import { issuePass } from "../../app/.server/passes/issue";
import {
  passActionSchema,
  passListActionSchema,
  scanActionSchema,
} from "../../app/lib/pass-schema";
import { learnerActionSchema } from "../../app/lib/roster-schema";
import { userActionSchema } from "../../app/lib/schemas";
import { issuePersonalLink } from "../../app/.server/records/personal-link";
import { dutyReviewSchema, personalLinkActionSchema } from "../../app/lib/duty-schema";
import { sessionActionSchema } from "../../app/lib/study-schema";
import { isoToShanghaiLocal } from "../../app/lib/time";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts, unitId, unitUnder } from "../support/demo";
import { addLegalSavvy } from "../support/passes";
import { addLearner as addLearnerRow } from "../support/records";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Item 6 of issue 6: who gets what from every route module and every action, over real HTTP
// against the production build, on SQLite and (npm run test:pg) PostgreSQL. A route module
// without a row below fails the first test.
//
// Who asks (demo password for all but "other"):
//   anon      nobody logged in
//   admin     admin of 吴中区, the district at the top
//   org       organiser of 香山街道, the sub-district
//   village   organiser of 舟山村, one of its villages
//   official  official (read-only) of 香山街道
//   other     organiser of 渔帆村, the neighbouring village of the same sub-district: the closest
//             outsider (same parent, same pages, ids one apart), made by this test
//   hjOrg     organiser of 横泾街道, a second sub-district of the district with a 舟山村 and a
//             上林村 of its own, made by this test (issue 14)
//   hjOfficial  official of 横泾街道
//
// A row with six answers gives the two of 横泾 what its rule says: 横泾's organiser gets what
// the neighbouring village's organiser gets (香山's records are as foreign to both), and 横泾's
// official what the more refused of "official" and "other" gets. Rows of 横泾's own records
// ({hjZhoushan}, {hjLearner}, {hjHolder}, {hjHolderWithPass}) and rows where a name resolves
// in 横泾 (an import naming "舟山村") give all eight.
//
// What they get:
//   200 the page or file · 302 done, redirected as after a form (the change is made) ·
//   L   302 to /login (anonymous) · 400 the form answers with an error next to a field ·
//   401 wrong password · 403 refused · 404 no such page or record · 405 the route has no action
//
// Placeholders in paths: {subEvent} the demo event open now, hosted by 香山街道 in 舟山村;
// {subHeld} a demo event of 香山街道 in 舟山村 that is over (issue 19's papers);
// {villageEvent} an event 舟山村 hosts itself; {code}/{internalCode} the public and the internal
// demo event's code; {district}/{subdistrict}/{zhoushan} unit ids; {villageUser} the account
// "village"; {missing} an id no record has. Fresh ones, made anew for every cell so that each
// cell starts from the same state: {subDraft}/{villageDraft} a draft, {subOpen}/{villageOpen} a
// published event in progress, {subCheckin}/{villageCheckin} an event with one walk-in,
// {account} an organiser's account in 舟山村.
//
// Issue 7: an event is within reach of a village organiser when it is held in their village,
// whoever hosts it: they read it, run its door (walk-in, assisted entry, undo), write its report
// and take its exports, poster, projector and QR codes ({subEvent}, {subOpen}, {subCheckin} are
// held in 舟山村); managing it (edit, publish, cancel, copy) stays with the host (403). The
// neighbouring village's organiser ("other") is refused all of it, and officials every write.
// Issue 16: officials read figures; the poster, projector and its live feed, which run the door,
// are refused them (403).
//
// Issue 8 (passes): {holderNoPass}/{holderWithPass} a 法律明白人 of 舟山村 without or with a pass,
// made anew for each cell. Passes follow the holder's village; the scan page follows the door
// (the event's reach, and only those who may run the door: an official gets 403).

type Who = "anon" | "admin" | "org" | "village" | "official" | "other" | "hjOrg" | "hjOfficial";
const WHO: Who[] = ["anon", "admin", "org", "village", "official", "other", "hjOrg", "hjOfficial"];
type Status = 200 | 302 | 400 | 401 | 403 | 404 | 405 | 409 | "L";
const L = "L" as const;

type Row = { file: string; request: string; form?: FormName; expect: Status[] };
const row = (file: string, request: string, form: FormName | null, ...expect: Status[]): Row => ({
  file,
  request,
  ...(form ? { form } : {}),
  expect: expect.length === 6 ? [...expect, ...secondSubdistrict(expect)] : expect,
});

/** What 横泾's organiser and official get where a row names only 香山's records. */
function secondSubdistrict(expect: Status[]): Status[] {
  const official = expect[4]!;
  const other = expect[5]!;
  return [other, official === 403 || other === 403 ? 403 : other];
}

// prettier-ignore
const matrix: Row[] = [
  //  route module                      request                                     form         anon admin org  village official other
  row("$.tsx",                          "GET /no/such/page",                          null,        404, 404, 404, 404, 404, 404),
  row("$.tsx",                          "POST /no/such/page",                         "empty",     405, 405, 405, 405, 405, 405),
  row("_index.tsx",                     "GET /",                                      null,        200, 200, 200, 200, 200, 200),
  row("_index.tsx",                     "POST /?index",                               "empty",     405, 405, 405, 405, 405, 405),
  row("account.password.tsx",           "GET /account/password",                      null,        L,   200, 200, 200, 200, 200),
  row("account.password.tsx",           "POST /account/password",                     "wrongPassword", L, 400, 400, 400, 400, 400),
  row("admin.audit.tsx",                "GET /admin/audit",                           null,        L,   200, 403, 403, 403, 403),
  row("admin.audit.tsx",                "POST /admin/audit",                          "empty",     405, 405, 405, 405, 405, 405),
  row("admin.audit.tsx",                "GET /admin/audit?from=2026-02-30&page=2",    null,        L,   200, 403, 403, 403, 403),
  row("admin.audit.tsx",                "GET /admin/audit?unit={hjZhoushan}&kind=unit", null,      L,   200, 403, 403, 403, 403, 403, 403),
  row("admin.audit.tsx",                "GET /admin/audit?unit={missing}&kind=nothing", null,      L,   200, 403, 403, 403, 403, 403, 403),
  row("admin.sensitive-reads.tsx",      "GET /admin/sensitive-reads",                 null,        L,   200, 403, 403, 403, 403),
  row("admin.sensitive-reads.tsx",      "GET /admin/sensitive-reads?from=2026-02-30", null,        L,   200, 403, 403, 403, 403),
  row("admin.sensitive-reads.tsx",      "POST /admin/sensitive-reads",                "empty",     405, 405, 405, 405, 405, 405),
  row("people._index.tsx",              "GET /people",                                null,        L,   200, 200, 200, 403, 200),
  row("people._index.tsx",              "POST /people",                               "empty",     L,   400, 400, 400, 403, 400),
  row("people.$id._index.tsx",          "GET /people/{missing}",                      null,        L,   404, 404, 404, 403, 404),
  row("people.$id._index.tsx",          "POST /people/{missing}",                     "empty",     L,   400, 400, 400, 403, 400),
  row("people.$id.export.ts",           "GET /people/{missing}/export",               null,        L,   302, 302, 302, 403, 302),
  row("people.$id.export.ts",           "POST /people/{missing}/export",              "empty",     L,   302, 302, 302, 403, 302),
  row("admin.audit.export[.]csv.ts",    "GET /admin/audit/export.csv?action=login",   null,        L,   200, 403, 403, 403, 403),
  row("admin.audit.export[.]csv.ts",    "GET /admin/audit/export.csv?from=2026-13-01", null,       L,   400, 403, 403, 403, 403),
  row("admin.audit.export[.]csv.ts",    "POST /admin/audit/export.csv",               "empty",     405, 405, 405, 405, 405, 405),
  row("admin.audit.export[.]xlsx.ts",   "GET /admin/audit/export.xlsx",               null,        L,   200, 403, 403, 403, 403),
  row("admin.audit.export[.]xlsx.ts",   "POST /admin/audit/export.xlsx",              "empty",     405, 405, 405, 405, 405, 405),
  row("admin.audit.export[.]csv.ts",    "GET /admin/audit/export.csv?unit={missing}", null,        L,   400, 403, 403, 403, 403),
  row("admin.settings.tsx",             "GET /admin/settings",                        null,        L,   200, 403, 403, 403, 403, 403, 403),
  row("admin.settings.tsx",             "POST /admin/settings",                       "empty",     405, 405, 405, 405, 405, 405, 405, 405),
  row("admin.users._index.tsx",         "GET /admin/users",                           null,        L,   200, 403, 403, 403, 403),
  row("admin.users._index.tsx",         "POST /admin/users?index",                    "empty",     405, 405, 405, 405, 405, 405),
  row("admin.users.new.tsx",            "GET /admin/users/new",                       null,        L,   200, 403, 403, 403, 403),
  row("admin.users.new.tsx",            "POST /admin/users/new",                      "newAccount", L,  200, 403, 403, 403, 403),
  row("admin.users.new.tsx",            "POST /admin/users/new",                      "newWideAccount", L, 400, 403, 403, 403, 403),
  row("admin.users.import.tsx",         "GET /admin/users/import",                    null,        L,   200, 403, 403, 403, 403),
  row("admin.users.import.tsx",         "POST /admin/users/import",                   "importPreview", L, 400, 403, 403, 403, 403),
  row("admin.users.import.tsx",         "POST /admin/users/import",                   "accountsConfirm", L, 200, 403, 403, 403, 403),
  row("admin.users.template[.]xlsx.ts", "GET /admin/users/template.xlsx",             null,        L,   200, 403, 403, 403, 403),
  row("admin.users.template[.]xlsx.ts", "POST /admin/users/template.xlsx",            "empty",     405, 405, 405, 405, 405, 405),
  row("admin.users.$id.tsx",            "GET /admin/users/{villageUser}",             null,        L,   200, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "GET /admin/users/{missing}",                 null,        L,   404, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "update",    L,   302, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "reset",     L,   200, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "unlock",    L,   302, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "askDisable", L,  200, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "disable",   L,   302, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "endSession", L,  302, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "endSessions", L, 302, 403, 403, 403, 403),
  row("admin.users.$id.tsx",            "POST /admin/users/{account}",                "enable",    L,   302, 403, 403, 403, 403),
  row("c.$code.tsx",                    "GET /c/{code}",                              null,        200, 200, 200, 200, 200, 200),
  row("c.$code.tsx",                    "POST /c/{code}",                             "checkin",   200, 200, 200, 200, 200, 200),
  row("card[.]png.ts",                  "GET /card.png",                              null,        200, 200, 200, 200, 200, 200),
  row("card[.]png.ts",                  "POST /card.png",                             "empty",     405, 405, 405, 405, 405, 405),
  row("calendar[.]ics.ts",              "GET /calendar.ics",                          null,        200, 200, 200, 200, 200, 200),
  row("calendar[.]ics.ts",              "POST /calendar.ics",                         "empty",     405, 405, 405, 405, 405, 405),
  row("dashboard.tsx",                  "GET /dashboard",                             null,        L,   200, 200, 200, 200, 200),
  row("dashboard.tsx",                  "POST /dashboard",                            "empty",     405, 405, 405, 405, 405, 405),
  row("s.$id.tsx",                      "GET /s/{subdistrict}",                       null,        200, 200, 200, 200, 200, 200),
  row("s.$id.tsx",                      "GET /s/{zhoushan}",                          null,        404, 404, 404, 404, 404, 404),
  row("s.$id.tsx",                      "POST /s/{subdistrict}",                      "empty",     405, 405, 405, 405, 405, 405),
  row("e.$code._index.tsx",             "GET /e/{code}",                              null,        200, 200, 200, 200, 200, 200),
  row("e.$code._index.tsx",             "GET /e/{internalCode}",                      null,        404, 404, 404, 404, 404, 404),
  row("e.$code._index.tsx",             "POST /e/{code}?index",                       "empty",     405, 405, 405, 405, 405, 405),
  row("e.$code.card[.]png.ts",          "GET /e/{code}/card.png",                     null,        200, 200, 200, 200, 200, 200),
  row("e.$code.card[.]png.ts",          "GET /e/{internalCode}/card.png",             null,        404, 404, 404, 404, 404, 404),
  row("e.$code.card[.]png.ts",          "POST /e/{code}/card.png",                    "empty",     405, 405, 405, 405, 405, 405),
  row("e.$code.calendar[.]ics.ts",      "GET /e/{code}/calendar.ics",                 null,        200, 200, 200, 200, 200, 200),
  row("e.$code.calendar[.]ics.ts",      "GET /e/{internalCode}/calendar.ics",         null,        404, 404, 404, 404, 404, 404),
  row("e.$code.calendar[.]ics.ts",      "POST /e/{code}/calendar.ics",                "empty",     405, 405, 405, 405, 405, 405),
  row("events._index.tsx",              "GET /events",                                null,        L,   200, 200, 200, 200, 200),
  row("events._index.tsx",              "POST /events?index",                         "empty",     405, 405, 405, 405, 405, 405),
  row("events.new.tsx",                 "GET /events/new",                            null,        L,   200, 200, 200, 403, 200),
  row("events.new.tsx",                 "POST /events/new",                           "subEvent",  L,   302, 302, 400, 403, 400),
  row("events.new.tsx",                 "POST /events/new",                           "villageEvent", L, 302, 302, 302, 403, 400),
  row("events.$id._index.tsx",          "GET /events/{subEvent}",                     null,        L,   200, 200, 200, 200, 403),
  row("events.$id._index.tsx",          "GET /events/{villageEvent}",                 null,        L,   200, 200, 200, 200, 403),
  row("events.$id._index.tsx",          "GET /events/{missing}",                      null,        L,   404, 404, 404, 404, 404),
  row("events.$id._index.tsx",          "POST /events/{subDraft}?index",              "publish",   L,   302, 302, 403, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{villageDraft}?index",          "publish",   L,   302, 302, 302, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{subOpen}?index",               "cancel",    L,   302, 302, 403, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{villageOpen}?index",           "cancel",    L,   302, 302, 302, 403, 403),
  // The first tap on cancel only asks (200, nothing written), and only those who may cancel.
  row("events.$id._index.tsx",          "POST /events/{subOpen}?index",               "cancelAsk", L,   200, 200, 403, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{subCancelled}?index",          "restore",   L,   302, 302, 403, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{subEvent}?index",              "copy",      L,   302, 302, 403, 403, 403),
  row("events.$id._index.tsx",          "POST /events/{villageEvent}?index",          "copy",      L,   302, 302, 302, 403, 403),
  row("events.$id.edit.tsx",            "GET /events/{subEvent}/edit",                null,        L,   200, 200, 403, 403, 403),
  row("events.$id.edit.tsx",            "GET /events/{villageEvent}/edit",            null,        L,   200, 200, 200, 403, 403),
  row("events.$id.edit.tsx",            "POST /events/{subDraft}/edit",               "subEvent",  L,   302, 302, 403, 403, 403),
  row("events.$id.edit.tsx",            "POST /events/{villageDraft}/edit",           "villageEvent", L, 302, 302, 302, 403, 403),
  row("events.$id.edit.tsx",            "POST /events/{subDraft}/edit",               "subPublish", L,  302, 302, 403, 403, 403),
  row("events.$id.edit.tsx",            "POST /events/{villageDraft}/edit",           "villagePublish", L, 302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "GET /events/{subEvent}/attendance",          null,        L,   200, 200, 200, 200, 403),
  row("events.$id.attendance.tsx",      "GET /events/{villageEvent}/attendance",      null,        L,   200, 200, 200, 200, 403),
  row("events.$id.attendance.tsx",      "POST /events/{subOpen}/attendance",          "walkIn",    L,   302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "POST /events/{villageOpen}/attendance",      "walkIn",    L,   302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "POST /events/{subOpen}/attendance",          "assisted",  L,   302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "POST /events/{villageOpen}/attendance",      "assisted",  L,   302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "POST /events/{subCheckin}/attendance",       "undo",      L,   302, 302, 302, 403, 403),
  row("events.$id.attendance.tsx",      "POST /events/{villageCheckin}/attendance",   "undo",      L,   302, 302, 302, 403, 403),
  row("events.$id.report.tsx",          "GET /events/{subEvent}/report",              null,        L,   200, 200, 200, 200, 403),
  row("events.$id.report.tsx",          "GET /events/{villageEvent}/report",          null,        L,   200, 200, 200, 200, 403),
  row("events.$id.report.tsx",          "POST /events/{subOpen}/report",              "report",    L,   302, 302, 302, 403, 403),
  row("events.$id.report.tsx",          "POST /events/{villageOpen}/report",          "report",    L,   302, 302, 302, 403, 403),
  // Issue 19: the Word papers of a held event; another sub-district and the neighbouring village
  // get 404 (they learn nothing of it), an event not over or cancelled 409.
  row("events.$id.record[.]docx.ts",    "GET /events/{subHeld}/record.docx",          null,        L,   200, 200, 200, 200, 404, 404, 404),
  row("events.$id.record[.]docx.ts",    "GET /events/{subEvent}/record.docx",         null,        L,   409, 409, 409, 409, 404, 404, 404),
  row("events.$id.record[.]docx.ts",    "GET /events/{subCancelled}/record.docx",     null,        L,   409, 409, 409, 409, 404, 404, 404),
  row("events.$id.record[.]docx.ts",    "GET /events/{missing}/record.docx",          null,        L,   404, 404, 404, 404, 404, 404, 404),
  row("events.$id.record[.]docx.ts",    "POST /events/{subHeld}/record.docx",         "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.signin[.]docx.ts",    "GET /events/{subHeld}/signin.docx",          null,        L,   200, 200, 200, 200, 404, 404, 404),
  row("events.$id.signin[.]docx.ts",    "GET /events/{subEvent}/signin.docx",         null,        L,   409, 409, 409, 409, 404, 404, 404),
  row("events.$id.signin[.]docx.ts",    "POST /events/{subHeld}/signin.docx",         "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.signin.tsx",          "GET /events/{subHeld}/signin",               null,        L,   200, 200, 200, 200, 404, 404, 404),
  row("events.$id.signin.tsx",          "GET /events/{subEvent}/signin",              null,        L,   409, 409, 409, 409, 404, 404, 404),
  row("events.$id.signin.tsx",          "POST /events/{subHeld}/signin",              "empty",     405, 405, 405, 405, 405, 405),
  // Issue 20: the offline door's list and its sync follow the scan page, but an event out of
  // reach answers as a missing one (404); a body that is not a batch is refused as such (400)
  // before the event is looked at, and changes nothing.
  row("events.$id.door[.]json.ts",      "GET /events/{subEvent}/door.json",           null,        L,   200, 200, 200, 403, 404),
  row("events.$id.door[.]json.ts",      "GET /events/{missing}/door.json",            null,        L,   404, 404, 404, 403, 404),
  row("events.$id.door[.]json.ts",      "POST /events/{subEvent}/door.json",          "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.door-sync.ts",        "GET /events/{subEvent}/door-sync",           null,        405, 405, 405, 405, 405, 405),
  // Its manifest is fetched without cookies and names nothing but the id: the same for anyone.
  row("events.$id.door[.]webmanifest.ts", "GET /events/{subEvent}/door.webmanifest",  null,        200, 200, 200, 200, 200, 200),
  row("events.$id.door[.]webmanifest.ts", "POST /events/{subEvent}/door.webmanifest", "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.door-sync.ts",        "POST /events/{subOpen}/door-sync",           "empty",     401, 400, 400, 400, 403, 400, 400, 403),
  row("events.$id.scan.tsx",            "GET /events/{subEvent}/scan",                null,        L,   200, 200, 200, 403, 403),
  row("events.$id.scan.tsx",            "GET /events/{villageEvent}/scan",            null,        L,   200, 200, 200, 403, 403),
  row("events.$id.scan.tsx",            "POST /events/{subOpen}/scan",                "scan",      L,   200, 200, 200, 403, 403),
  row("events.$id.scan.tsx",            "POST /events/{villageOpen}/scan",            "scan",      L,   200, 200, 200, 403, 403),
  row("events.$id.export[.]csv.ts",     "GET /events/{subEvent}/export.csv",          null,        L,   200, 200, 200, 200, 403),
  row("events.$id.export[.]csv.ts",     "GET /events/{villageEvent}/export.csv",      null,        L,   200, 200, 200, 200, 403),
  row("events.$id.export[.]csv.ts",     "POST /events/{subEvent}/export.csv",         "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.export[.]xlsx.ts",    "GET /events/{subEvent}/export.xlsx",         null,        L,   200, 200, 200, 200, 403),
  row("events.$id.export[.]xlsx.ts",    "GET /events/{villageEvent}/export.xlsx",     null,        L,   200, 200, 200, 200, 403),
  row("events.$id.export[.]xlsx.ts",    "POST /events/{subEvent}/export.xlsx",        "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.live.ts",             "GET /events/{subEvent}/live",                null,        L,   200, 200, 200, 403, 403),
  row("events.$id.live.ts",             "GET /events/{villageEvent}/live",            null,        L,   200, 200, 200, 403, 403),
  row("events.$id.live.ts",             "POST /events/{subEvent}/live",               "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.poster.tsx",          "GET /events/{subEvent}/poster",              null,        L,   200, 200, 200, 403, 403),
  row("events.$id.poster.tsx",          "GET /events/{villageEvent}/poster",          null,        L,   200, 200, 200, 403, 403),
  row("events.$id.poster.tsx",          "GET /events/{subCancelled}/poster",          null,        L,   409, 409, 409, 403, 403),
  row("events.$id.poster.tsx",          "POST /events/{subEvent}/poster",             "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.projector.tsx",       "GET /events/{subEvent}/projector",           null,        L,   200, 200, 200, 403, 403),
  row("events.$id.projector.tsx",       "GET /events/{villageEvent}/projector",       null,        L,   200, 200, 200, 403, 403),
  row("events.$id.projector.tsx",       "GET /events/{subCancelled}/projector",       null,        L,   409, 409, 409, 403, 403),
  row("events.$id.projector.tsx",       "POST /events/{subEvent}/projector",          "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.qr[.]png.ts",         "GET /events/{subEvent}/qr.png",              null,        L,   200, 200, 200, 200, 403),
  row("events.$id.qr[.]png.ts",         "GET /events/{villageEvent}/qr.png",          null,        L,   200, 200, 200, 200, 403),
  row("events.$id.qr[.]png.ts",         "GET /events/{subCancelled}/qr.png",          null,        L,   409, 409, 409, 409, 403),
  row("events.$id.qr[.]png.ts",         "POST /events/{subEvent}/qr.png",             "empty",     405, 405, 405, 405, 405, 405),
  row("events.$id.qr[.]svg.ts",         "GET /events/{subEvent}/qr.svg",              null,        L,   200, 200, 200, 200, 403),
  row("events.$id.qr[.]svg.ts",         "GET /events/{villageEvent}/qr.svg",          null,        L,   200, 200, 200, 200, 403),
  row("events.$id.qr[.]svg.ts",         "GET /events/{subCancelled}/qr.svg",          null,        L,   409, 409, 409, 409, 403),
  row("events.$id.qr[.]svg.ts",         "POST /events/{subEvent}/qr.svg",             "empty",     405, 405, 405, 405, 405, 405),
  row("learners.$id._index.tsx",       "GET /learners/{learner}",                    null,        L,   200, 200, 200, 200, 403),
  row("learners.$id._index.tsx",       "GET /learners/{missing}",                    null,        L,   404, 404, 404, 404, 404),
  row("learners.$id._index.tsx",       "GET /learners/{hjLearner}",                  null,        L,   200, 403, 403, 403, 403, 200, 200),
  row("learners.$id._index.tsx",       "POST /learners/{freshLearner}?index",         "issueLink", L,   200, 200, 200, 403, 403),
  row("learners.$id._index.tsx",       "POST /learners/{linkedLearner}?index",        "revokeLink", L,  302, 302, 302, 403, 403),
  row("learners.$id._index.tsx",       "POST /learners/{linkedLearner}?index",        "renewLink", L,   302, 302, 302, 403, 403),
  row("learners.$id.record.tsx",       "GET /learners/{learner}/record?year=2024",   null,        L,   200, 200, 200, 200, 403),
  row("learners.$id.record.tsx",       "POST /learners/{learner}/record",            "empty",     405, 405, 405, 405, 405, 405),
  row("learners.hours.tsx",            "GET /learners/hours?year=2024",              null,        L,   200, 200, 200, 200, 200),
  row("learners.hours.tsx",            "POST /learners/hours",                       "empty",     405, 405, 405, 405, 405, 405),
  row("duties._index.tsx",             "GET /duties?kind=dispute&page=2",            null,        L,   200, 200, 200, 200, 200),
  row("duties._index.tsx",             "POST /duties?index",                         "empty",     405, 405, 405, 405, 405, 405),
  row("duties.new.tsx",                "GET /duties/new",                            null,        L,   200, 200, 200, 403, 200),
  row("duties.new.tsx",                "POST /duties/new",                           "dutyEntry", L,   302, 302, 302, 403, 403),
  row("duties.new.tsx",                "POST /duties/new",                           "badDutyEntry", L, 400, 400, 400, 403, 400),
  row("duties.$id.tsx",                "GET /duties/{pendingEntry}",                 null,        L,   200, 200, 200, 200, 403),
  row("duties.$id.tsx",                "GET /duties/{missing}",                      null,        L,   404, 404, 404, 404, 404),
  row("duties.$id.tsx",                "POST /duties/{pendingEntry}",                "empty",     L,   400, 400, 400, 403, 400, 400, 403),
  row("duties.queue.tsx",              "GET /duties/queue",                          null,        L,   200, 200, 200, 200, 200),
  row("duties.queue.tsx",              "POST /duties/queue?entry={pendingEntry}",    "confirm",   L,   302, 302, 302, 403, 403),
  row("duties.queue.tsx",              "POST /duties/queue?entry={pendingEntry}",    "return",    L,   302, 302, 302, 403, 403),
  row("m.$token.tsx",                  "GET /m/{linkToken}",                         null,        200, 200, 200, 200, 200, 200),
  row("m.$token.tsx",                  "GET /m/{badToken}",                          null,        404, 404, 404, 404, 404, 404),
  row("m.$token.tsx",                  "POST /m/{badToken}",                         "selfEntry", 404, 404, 404, 404, 404, 404),
  row("m.$token.tsx",                  "POST /m/{linkToken}",                        "badSelfEntry", 400, 400, 400, 400, 400, 400),
  row("healthz.ts",                     "GET /healthz",                               null,        200, 200, 200, 200, 200, 200),
  row("healthz.ts",                     "POST /healthz",                              "empty",     405, 405, 405, 405, 405, 405),
  row("readyz.ts",                      "GET /readyz",                                null,        200, 200, 200, 200, 200, 200),
  row("readyz.ts",                      "POST /readyz",                               "empty",     405, 405, 405, 405, 405, 405),
  row("lang.tsx",                       "GET /lang",                                  null,        405, 405, 405, 405, 405, 405),
  row("lang.tsx",                       "POST /lang",                                 "lang",      302, 302, 302, 302, 302, 302),
  row("learners._index.tsx",            "GET /learners",                              null,        L,   200, 200, 200, 200, 200),
  row("learners._index.tsx",            "GET /learners?village={zhoushan}&status=all", null,       L,   200, 200, 200, 200, 200),
  row("learners._index.tsx",            "POST /learners?index",                       "empty",     405, 405, 405, 405, 405, 405),
  row("learners.new.tsx",               "GET /learners/new",                          null,        L,   200, 200, 200, 403, 200),
  row("learners.new.tsx",               "POST /learners/new",                         "learner",   L,   302, 302, 302, 403, 400),
  row("learners.$id.edit.tsx",          "GET /learners/{rosterLearner}/edit",               null,        L,   200, 200, 200, 403, 403),
  row("learners.$id.edit.tsx",          "GET /learners/{missing}/edit",               null,        L,   404, 404, 404, 403, 404),
  row("learners.$id.edit.tsx",          "POST /learners/{rosterLearner}/edit",              "learnerUpdate", L, 302, 302, 302, 403, 403),
  row("learners.$id.edit.tsx",          "POST /learners/{rosterLearner}/edit",              "retire",    L,   302, 302, 302, 403, 403),
  row("learners.$id.edit.tsx",          "POST /learners/{retiredLearner}/edit",       "reinstate", L,   302, 302, 302, 403, 403),
  // 名单公示 (issue 18 item 7): anyone in scope reads a listing, organisers and admins record it.
  row("learners.$id.publish.tsx",       "GET /learners/{rosterLearner}/publish",      null,        L,   200, 200, 200, 200, 403),
  row("learners.$id.publish.tsx",       "GET /learners/{missing}/publish",            null,        L,   404, 404, 404, 404, 404),
  row("learners.$id.publish.tsx",       "GET /learners/{hjLearner}/publish",          null,        L,   200, 403, 403, 403, 403, 200, 200),
  row("learners.$id.publish.tsx",       "POST /learners/{rosterLearner}/publish",     "publishConsent", L, 302, 302, 302, 403, 403),
  row("learners.$id.publish.tsx",       "POST /learners/{rosterLearner}/publish",     "badPublishConsent", L, 400, 400, 400, 403, 400),
  row("learners.$id.publish.tsx",       "POST /learners/{publishedLearner}/publish",  "publishWithdraw", L, 302, 302, 302, 403, 403),
  row("learners.public._index.tsx",     "GET /learners/public",                       null,        L,   200, 200, 200, 200, 200),
  row("learners.public._index.tsx",     "POST /learners/public?index",                "empty",     405, 405, 405, 405, 405, 405),
  row("learners.public.$villageId.poster.tsx", "GET /learners/public/{zhoushan}/poster", null,     L,   200, 200, 200, 200, 403),
  row("learners.public.$villageId.poster.tsx", "GET /learners/public/{hjZhoushan}/poster", null,   L,   200, 403, 403, 403, 403, 200, 200),
  row("learners.public.$villageId.poster.tsx", "POST /learners/public/{zhoushan}/poster", "empty", 405, 405, 405, 405, 405, 405),
  row("v.$id.tsx",                      "GET /v/{zhoushan}",                          null,        200, 200, 200, 200, 200, 200),
  row("v.$id.tsx",                      "GET /v/{subdistrict}",                       null,        404, 404, 404, 404, 404, 404),
  row("v.$id.tsx",                      "POST /v/{zhoushan}",                         "empty",     405, 405, 405, 405, 405, 405),
  row("learners.import.tsx",            "GET /learners/import",                       null,        L,   200, 200, 200, 403, 200),
  row("learners.import.tsx",            "POST /learners/import",                      "importPreview", L, 400, 400, 400, 403, 400),
  // The district admin's "舟山村" could be either sub-district's: refused, the candidates named.
  row("learners.import.tsx",            "POST /learners/import",                      "importConfirm", L, 400, 302, 302, 403, 400, 302, 403),
  row("learners.template[.]xlsx.ts",    "GET /learners/template.xlsx",                null,        L,   200, 200, 200, 403, 200),
  row("learners.template[.]xlsx.ts",    "POST /learners/template.xlsx",               "empty",     405, 405, 405, 405, 405, 405),
  row("learners.export[.]csv.ts",       "GET /learners/export.csv?village={zhoushan}", null,       L,   200, 200, 200, 200, 200),
  row("learners.export[.]csv.ts",       "POST /learners/export.csv",                  "empty",     405, 405, 405, 405, 405, 405),
  row("learners.export[.]xlsx.ts",      "GET /learners/export.xlsx",                  null,        L,   200, 200, 200, 200, 200),
  row("learners.export[.]xlsx.ts",      "POST /learners/export.xlsx",                 "empty",     405, 405, 405, 405, 405, 405),
  row("learners.targets.tsx",           "GET /learners/targets",                      null,        L,   200, 200, 200, 200, 200),
  row("learners.targets.tsx",           "POST /learners/targets",                     "targets",   L,   302, 302, 403, 403, 403),
  row("login.tsx",                      "GET /login",                                 null,        200, 302, 302, 302, 302, 302),
  row("login.tsx",                      "POST /login",                                "badLogin",  401, 302, 302, 302, 302, 302),
  row("logout.tsx",                     "GET /logout",                                null,        405, 405, 405, 405, 405, 405),
  row("logout.tsx",                     "POST /logout",                               "empty",     302, 302, 302, 302, 302, 302),
  row("reach._index.tsx",               "GET /reach",                                 null,        L,   200, 200, 200, 200, 200),
  row("reach._index.tsx",               "GET /reach?year=1999",                       null,        L,   200, 200, 200, 200, 200),
  row("reach._index.tsx",               "GET /reach?unit={district}",                 null,        L,   200, 403, 403, 403, 403),
  row("reach._index.tsx",               "GET /reach?unit={subdistrict}",              null,        L,   200, 200, 403, 200, 403),
  row("reach._index.tsx",               "GET /reach?unit={zhoushan}",                 null,        L,   200, 200, 200, 200, 403),
  row("reach._index.tsx",               "GET /reach?unit={missing}",                  null,        L,   404, 404, 404, 404, 404),
  row("reach._index.tsx",               "GET /reach?unit={hjZhoushan}",               null,        L,   200, 403, 403, 403, 403, 200, 200),
  row("reach._index.tsx",               "POST /reach?index",                          "empty",     405, 405, 405, 405, 405, 405),
  row("reach.export[.]csv.ts",       "GET /reach/export.csv?year=2024",         null,        L,   200, 200, 200, 200, 200),
  row("reach.export[.]csv.ts",       "GET /reach/export.csv?year=1999",         null,        L,   400, 400, 400, 400, 400),
  row("reach.export[.]csv.ts",       "GET /reach/export.csv?unit={district}",   null,        L,   200, 403, 403, 403, 403),
  row("reach.export[.]csv.ts",       "GET /reach/export.csv?unit={subdistrict}",null,        L,   200, 200, 403, 200, 403),
  row("reach.export[.]csv.ts",       "POST /reach/export.csv",                  "empty",     405, 405, 405, 405, 405, 405),
  row("reach.export[.]xlsx.ts",      "GET /reach/export.xlsx?year=2024",        null,        L,   200, 200, 200, 200, 200),
  row("reach.export[.]xlsx.ts",      "GET /reach/export.xlsx?year=1999",        null,        L,   400, 400, 400, 400, 400),
  row("reach.export[.]xlsx.ts",      "GET /reach/export.xlsx?unit={district}",  null,        L,   200, 403, 403, 403, 403),
  row("reach.export[.]xlsx.ts",      "GET /reach/export.xlsx?unit={subdistrict}",null,        L,   200, 200, 403, 200, 403),
  row("reach.export[.]xlsx.ts",      "POST /reach/export.xlsx",                 "empty",     405, 405, 405, 405, 405, 405),
  row("passes._index.tsx",              "GET /passes",                                null,        L,   200, 200, 200, 200, 200),
  row("passes._index.tsx",              "GET /passes?unit={zhoushan}&kind=legal_savvy&status=missing", null, L, 200, 200, 200, 200, 200),
  row("passes._index.tsx",              "POST /passes?index",                         "issueMissing", L, 302, 302, 302, 403, 403),
  row("passes.$personId.tsx",           "GET /passes/{holderWithPass}",               null,        L,   200, 200, 200, 200, 403),
  row("passes.$personId.tsx",           "GET /passes/{missing}",                      null,        L,   404, 404, 404, 404, 404),
  row("passes.$personId.tsx",           "GET /passes/{hjHolder}",                     null,        L,   200, 403, 403, 403, 403, 200, 200),
  row("passes.$personId.tsx",           "POST /passes/{hjHolderWithPass}",            "passRevoke", L,  302, 403, 403, 403, 403, 302, 403),
  row("passes.$personId.tsx",           "POST /passes/{hjHolderWithPass}",            "passReissue", L, 302, 403, 403, 403, 403, 302, 403),
  row("passes.$personId.tsx",           "POST /passes/{holderNoPass}",                "passIssue", L,   302, 302, 302, 403, 403),
  row("passes.$personId.tsx",           "POST /passes/{holderWithPass}",              "passRevoke", L,  302, 302, 302, 403, 403),
  row("passes.$personId.tsx",           "POST /passes/{holderWithPass}",              "passReissue", L, 302, 302, 302, 403, 403),
  row("people.duplicates.tsx",          "GET /people/duplicates",                     null,        L,   200, 200, 200, 403, 200),
  row("people.duplicates.tsx",          "POST /people/duplicates",                    "empty",     L,   400, 400, 400, 403, 400),
  row("people.duplicates.tsx",          "POST /people/duplicates?pair={dupKeep}-{dupDrop}", "distinct", L, 302, 302, 302, 403, 403),
  row("people.merge.tsx",               "GET /people/merge?keep={dupKeep}&drop={dupDrop}", null,   L,   200, 200, 200, 403, 403),
  row("people.merge.tsx",               "GET /people/merge?keep=0x1&drop={missing}",  null,        L,   404, 404, 404, 403, 404),
  row("people.merge.tsx",               "POST /people/merge?keep={dupKeep}&drop={dupDrop}", "merge", L,   302, 302, 302, 403, 403),
  row("passes.sheet.tsx",               "GET /passes/sheet?village={zhoushan}",       null,        L,   200, 200, 200, 403, 403),
  row("passes.sheet.tsx",               "GET /passes/sheet?village={missing}",        null,        L,   404, 404, 404, 403, 404),
  row("passes.sheet.tsx",               "GET /passes/sheet?village={hjZhoushan}",     null,        L,   200, 403, 403, 403, 403, 200, 403),
  row("passes.sheet.tsx",               "POST /passes/sheet?village={zhoushan}",      "issueMissing", L, 302, 302, 302, 403, 403),
  row("study._index.tsx",               "GET /study",                                 null,        L,   200, 200, 200, 200, 200),
  // Issue 19: a photo follows its record; the 台账 and the report section follow the dashboard
  // (an empty year sends the download back to the page, which says so beside the year).
  row("photos.$id.$size.ts",            "GET /photos/{photo}/thumb",                  null,        L,   200, 200, 200, 200, 404),
  row("photos.$id.$size.ts",            "GET /photos/{missing}/display",              null,        L,   404, 404, 404, 404, 404),
  row("photos.$id.$size.ts",            "POST /photos/{photo}/thumb",                 "empty",     405, 405, 405, 405, 405, 405),
  // Another office's unit is answered as one that does not exist (404 either way); a village
  // account's ledger page says it keeps no 台账 of its own.
  row("reach.ledger.tsx",               "GET /reach/ledger?unit={subdistrict}&year=2019", null,    L,   200, 200, 200, 200, 200, 404, 404),
  row("reach.ledger.tsx",               "GET /reach/ledger?unit={missing}&year=2024", null,        L,   404, 404, 200, 404, 200, 404, 404),
  row("reach.ledger.tsx",               "POST /reach/ledger",                         "empty",     405, 405, 405, 405, 405, 405),
  row("reach.ledger[.]zip.ts",          "GET /reach/ledger.zip?unit={subdistrict}&year=2019", null, L, 302, 302, 404, 302, 404),
  row("reach.ledger[.]zip.ts",          "GET /reach/ledger.zip?unit={missing}&year=2024", null,    L,   404, 404, 404, 404, 404),
  row("reach.ledger[.]zip.ts",          "POST /reach/ledger.zip",                     "empty",     405, 405, 405, 405, 405, 405),
  row("reach.section[.]docx.ts",        "GET /reach/section.docx",                    null,        L,   200, 200, 200, 200, 200),
  row("reach.section[.]docx.ts",        "GET /reach/section.docx?unit={subdistrict}", null,        L,   200, 200, 404, 200, 404),
  row("reach.section[.]docx.ts",        "GET /reach/section.docx?unit={missing}",     null,        L,   404, 404, 404, 404, 404),
  row("reach.section[.]docx.ts",        "POST /reach/section.docx",                   "empty",     405, 405, 405, 405, 405, 405),
  row("study._index.tsx",               "POST /study?index",                          "empty",     405, 405, 405, 405, 405, 405),
  row("study.cadres._index.tsx",        "GET /study/cadres",                          null,        L,   200, 200, 200, 200, 200),
  row("study.cadres._index.tsx",        "POST /study/cadres?index",                   "empty",     405, 405, 405, 405, 405, 405),
  row("study.cadres.hours[.]docx.ts",   "GET /study/cadres/hours.docx?year=2024",     null,        L,   200, 200, 200, 200, 200),
  row("study.cadres.hours[.]docx.ts",   "GET /study/cadres/hours.docx?year=1999",     null,        L,   400, 400, 400, 400, 400),
  row("study.cadres.hours[.]docx.ts",   "POST /study/cadres/hours.docx",              "empty",     405, 405, 405, 405, 405, 405),
  row("study.sessions.$id.record[.]docx.ts", "GET /study/sessions/{session}/record.docx", null,   L,   200, 200, 404, 200, 404, 404, 404),
  row("study.sessions.$id.record[.]docx.ts", "GET /study/sessions/{subHeld}/record.docx", null,   L,   404, 404, 404, 404, 404, 404, 404),
  row("study.sessions.$id.record[.]docx.ts", "POST /study/sessions/{session}/record.docx", "empty", 405, 405, 405, 405, 405, 405),
  row("study.cadres.new.tsx",           "GET /study/cadres/new",                      null,        L,   200, 200, 200, 403, 200),
  row("study.cadres.new.tsx",           "POST /study/cadres/new",                     "villageCadre", L, 302, 302, 302, 403, 400),
  row("study.cadres.$id.tsx",           "GET /study/cadres/{subCadre}",               null,        L,   200, 200, 403, 403, 403),
  row("study.cadres.$id.tsx",           "GET /study/cadres/{villageCadre}",           null,        L,   200, 200, 200, 403, 403),
  row("study.cadres.$id.tsx",           "GET /study/cadres/{missing}",                null,        L,   404, 404, 404, 403, 404),
  row("study.cadres.$id.tsx",           "POST /study/cadres/{freshSubCadre}",         "subCadre",  L,   302, 302, 403, 403, 403),
  row("study.cadres.$id.tsx",           "POST /study/cadres/{villageCadre}",          "villageCadre", L, 302, 302, 302, 403, 403),
  row("study.sessions.new.tsx",         "GET /study/sessions/new",                    null,        L,   200, 200, 200, 403, 200),
  row("study.sessions.new.tsx",         "POST /study/sessions/new",                   "session",   L,   302, 302, 400, 403, 400),
  row("study.sessions.$id.tsx",         "GET /study/sessions/{session}",              null,        L,   200, 200, 403, 200, 403),
  row("study.sessions.$id.tsx",         "GET /study/sessions/{subEvent}",             null,        L,   404, 404, 404, 404, 403),
  row("study.sessions.$id.tsx",         "POST /study/sessions/{session}",             "invite",    L,   302, 302, 403, 403, 403),
  row("study.sessions.$id.tsx",         "POST /study/sessions/{session}",             "absence",   L,   302, 302, 403, 403, 403),
  row("study.plan.tsx",                 "GET /study/plan?year=2026",                  null,        L,   200, 200, 200, 200, 200),
  row("study.plan.tsx",                 "POST /study/plan",                           "plan",      L,   302, 302, 403, 403, 403, 302, 403),
  row("study.reports._index.tsx",       "GET /study/reports",                         null,        L,   200, 200, 200, 200, 200),
  row("study.reports._index.tsx",       "POST /study/reports?index",                  "empty",     405, 405, 405, 405, 405, 405),
  row("study.reports.new.tsx",          "GET /study/reports/new",                     null,        L,   200, 200, 200, 403, 200),
  row("study.reports.new.tsx",          "POST /study/reports/new",                    "newReport", L,   302, 302, 400, 403, 400),
  row("study.reports.$id.tsx",          "GET /study/reports/{report}",                null,        L,   200, 200, 403, 403, 403),
  row("study.reports.$id.tsx",          "POST /study/reports/{report}",               "editReport", L,  302, 302, 403, 403, 403),
  row("units._index.tsx",               "GET /units",                                 null,        L,   200, 200, 200, 200, 200),
  row("units._index.tsx",               "POST /units?index",                          "newUnit",   L,   302, 403, 403, 403, 403),
  row("units.$id.tsx",                  "GET /units/{district}",                      null,        L,   200, 403, 403, 403, 403),
  row("units.$id.tsx",                  "GET /units/{subdistrict}",                   null,        L,   200, 200, 403, 200, 403),
  row("units.$id.tsx",                  "GET /units/{zhoushan}",                      null,        L,   200, 200, 200, 200, 403),
  row("units.$id.tsx",                  "GET /units/{missing}",                       null,        L,   404, 404, 404, 404, 404),
  row("units.$id.tsx",                  "GET /units/{hjZhoushan}",                    null,        L,   200, 403, 403, 403, 403, 200, 200),
  row("units.$id.tsx",                  "POST /units/{zhoushan}",                     "empty",     L,   400, 403, 403, 403, 403),
];

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const browsers = new Map<Who, Browser>();
const usernames: Record<Exclude<Who, "anon">, string> = {
  admin: "admin",
  org: "organiser",
  village: "village",
  official: "official",
  other: "yufan",
  hjOrg: "hj-organiser",
  hjOfficial: "hj-official",
};
const OTHER_PASSWORD = "yufan-password-2026";
/** The accounts this test makes have a password of their own; the demo's share theirs. */
const passwordOf = (who: Exclude<Who, "anon">) =>
  ["other", "hjOrg", "hjOfficial"].includes(who) ? OTHER_PASSWORD : undefined;

/** Values that stay the same for every cell. */
const fixed: Record<string, number | string> = {};
let organiser: Actor;
let village: Actor;
let admin: Actor;
let hjOrganiser: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  admin = await demoActor(t.db, "admin");
  // The demo's 横泾街道 beside 香山, with a 舟山村 of its own.
  const hengjing = { id: await unitId(t.db, "横泾街道") };
  const hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
  fixed.hjZhoushan = hjZhoushan.id;
  // The neighbouring village's organiser and 横泾's two, made directly with a usable password.
  const stamp = new Date().toISOString();
  // One hash serves the three: they share the password, and Argon2 costs a good part of a second.
  const passwordHash = await hashPassword(OTHER_PASSWORD);
  const accounts: [Who, string, "organiser" | "official", number][] = [
    ["other", "渔帆 组织者", "organiser", await unitId(t.db, "渔帆村")],
    ["hjOrg", "横泾 组织者", "organiser", hengjing.id],
    ["hjOfficial", "横泾 领导", "official", hengjing.id],
  ];
  for (const [who, displayName, role, unit] of accounts) {
    await t.db
      .insertInto("staff_user")
      .values({
        username: usernames[who as Exclude<Who, "anon">],
        display_name: displayName,
        password_hash: passwordHash,
        role,
        unit_id: unit,
        must_change_password: 0,
        password_changed_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
  }
  hjOrganiser = await demoActor(t.db, usernames.hjOrg);
  fixed.hjLearner = (
    await addLearner(t.db, {
      actor: hjOrganiser,
      learner: {
        name: "横泾 明白人",
        phone: freshPhone(),
        villageId: hjZhoushan.id,
        category: "mediator",
        recognisedOn: null,
        certificateNo: null,
        adviser: null,
      },
    })
  ).id;
  fixed.hjHolder = await fresh.hjHolderWithPass!();
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  const live = await t.db
    .selectFrom("event")
    .select(["id", "code"])
    .where("title", "=", "法治赶集：民法典与你同行现场咨询")
    .executeTakeFirstOrThrow();
  const internal = await t.db
    .selectFrom("event")
    .select("code")
    .where("visibility", "=", "internal")
    .executeTakeFirstOrThrow();
  Object.assign(fixed, {
    subEvent: live.id,
    code: live.code,
    internalCode: internal.code,
    district: await unitId(t.db, "吴中区"),
    subdistrict: await unitId(t.db, "香山街道"),
    zhoushan: await unitId(t.db, "舟山村"),
    villageUser: village.id,
    missing: 999_999,
  });
  fixed.villageEvent = await fresh.villageOpen!();
  // A demo event of 香山街道 held in 舟山村 and over: its Word papers can be made.
  fixed.subHeld = (
    await t.db
      .selectFrom("event")
      .select("id")
      .where("host_unit_id", "=", Number(fixed.subdistrict))
      .where("village_id", "=", Number(fixed.zhoushan))
      .where("status", "in", ["published", "held"])
      .where("ends_at", "<", new Date().toISOString())
      .where("study_kind", "is", null)
      .orderBy("id")
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;

  // A photo of that event, for the photo route's rows.
  const jpeg = await sharp({
    create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 90, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  fixed.photo = (
    await t.db
      .insertInto("photo")
      .values({
        event_id: Number(fixed.subHeld),
        duty_entry_id: null,
        content_hash: "matrix-photo",
        display: jpeg,
        display_width: 32,
        display_height: 24,
        thumb: jpeg,
        thumb_width: 32,
        thumb_height: 24,
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

  // A 法律明白人 of 舟山村 with a personal link, for the study records' pages.
  const learner = await addLearnerRow(t.db, { name: "矩阵 明白人", village: "舟山村" });
  fixed.learner = learner.id;
  fixed.linkToken = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
  fixed.badToken = "A".repeat(43);
  fixed.subCadre = await fresh.freshSubCadre!();
  const subCadrePerson = await t.db
    .selectFrom("cadre")
    .select("person_id")
    .where("id", "=", Number(fixed.subCadre))
    .executeTakeFirstOrThrow();
  fixed.subCadrePerson = subCadrePerson.person_id;
  fixed.session = (
    await createStudySession(t.db, {
      actor: organiser,
      session: {
        title: "中心组学法",
        studyKind: "central_group",
        hostUnitId: Number(fixed.subdistrict),
        venue: "街道会议室",
        startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        endsAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        speaker: null,
        chair: null,
        training: true,
        creditMinutes: null,
        cadreIds: [Number(fixed.subCadre)],
      },
    })
  ).id;
  fixed.report = (
    await addReport(t.db, {
      actor: organiser,
      report: {
        cadreId: Number(fixed.subCadre),
        year: 2029,
        form: "meeting",
        evaluation: "good",
        evaluationNote: null,
        remedialActions: null,
      },
    })
  ).id;
  for (const who of WHO) {
    const browser = new Browser(server.baseUrl);
    if (who !== "anon") {
      await browser.logIn(usernames[who], passwordOf(who));
    }
    browsers.set(who, browser);
  }
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const villageEventFields = () => ({
  title: "舟山村自办：调解员说法",
  hostUnitId: Number(fixed.zhoushan),
  visibility: "public" as const,
  invitees: [],
});

let serial = 0;
const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;
/** A mobile number no cell has used yet. */
const freshPhone = () => `136${String(10_000_000 + serial++).slice(-8)}`;

/** Two records of one resident of 舟山村 without a phone: {dupKeep} makes both, {dupDrop} names the other. */
let duplicate = { keep: 0, drop: 0 };
async function duplicateResident() {
  const name = `重复居民${unique()}`;
  const [keep, drop] = [0, 1].map(async () => {
    const { id } = await t.db
      .insertInto("person")
      .values({
        unit_id: Number(fixed.zhoushan),
        phone: null,
        name,
        village_id: Number(fixed.zhoushan),
        employer: null,
        audience_group: "villager",
        consent_version: null,
        consented_at: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  });
  duplicate = { keep: await keep!, drop: await drop! };
  return duplicate.keep;
}

/** Fresh records, made anew for each cell through the domain, as their owners would. */
const fresh: Record<string, () => Promise<number>> = {
  dupKeep: duplicateResident,
  dupDrop: async () => duplicate.drop,
  subDraft: async () =>
    (await createEvent(t.db, { actor: organiser, publish: false, event: await eventInput(t.db) }))
      .id,
  villageDraft: async () =>
    (
      await createEvent(t.db, {
        actor: village,
        publish: false,
        event: await eventInput(t.db, villageEventFields()),
      })
    ).id,
  subOpen: async () =>
    (await createEvent(t.db, { actor: organiser, publish: true, event: await eventInput(t.db) }))
      .id,
  villageOpen: async () =>
    (
      await createEvent(t.db, {
        actor: village,
        publish: true,
        event: await eventInput(t.db, villageEventFields()),
      })
    ).id,
  subCancelled: async () => {
    const id = await fresh.subOpen!();
    await cancelEvent(t.db, { actor: organiser, id, reason: "场地临时维修" });
    return id;
  },
  subCheckin: async () => withWalkIn(organiser, await fresh.subOpen!()),
  villageCheckin: async () => withWalkIn(village, await fresh.villageOpen!()),
  holderNoPass: async () => addLegalSavvy(t.db, `持证人${unique()}`, "舟山村"),
  hjHolderWithPass: async () => {
    const { id } = await addLearner(t.db, {
      actor: hjOrganiser,
      learner: {
        name: `横泾持证人${unique()}`,
        phone: freshPhone(),
        villageId: Number(fixed.hjZhoushan),
        category: "mediator",
        recognisedOn: null,
        certificateNo: null,
        adviser: null,
      },
    });
    const { person_id } = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    // Adding them issued their pass.
    return person_id;
  },
  holderWithPass: async () => {
    const personId = await addLegalSavvy(t.db, `持证人${unique()}`, "舟山村");
    await issuePass(t.db, { actor: organiser, personId });
    return personId;
  },
  rosterLearner: async () =>
    (
      await addLearner(t.db, {
        actor: village,
        learner: {
          name: "名册 矩阵",
          phone: freshPhone(),
          villageId: Number(fixed.zhoushan),
          category: "mediator",
          recognisedOn: null,
          certificateNo: null,
          adviser: null,
        },
      })
    ).id,
  publishedLearner: async () => {
    const id = await fresh.rosterLearner!();
    await recordPublishConsent(t.db, {
      actor: village,
      id,
      consent: { scope: "name_phone", consentedOn: "2026-11-01" },
    });
    return id;
  },
  retiredLearner: async () => {
    const id = await fresh.rosterLearner!();
    await retireLearner(t.db, { actor: village, id, retiredOn: "2026-11-01", reason: "迁出" });
    return id;
  },
  freshLearner: async () =>
    (await addLearnerRow(t.db, { name: `矩阵 ${unique()}`, village: "舟山村" })).id,
  linkedLearner: async () => {
    const { id } = await addLearnerRow(t.db, { name: `矩阵 ${unique()}`, village: "舟山村" });
    await issuePersonalLink(t.db, { actor: village, legalSavvyId: id });
    return id;
  },
  pendingEntry: async () => {
    const at = new Date().toISOString();
    const { id } = await t.db
      .insertInto("duty_entry")
      .values({
        legal_savvy_id: Number(fixed.learner),
        village_id: Number(fixed.zhoushan),
        occurred_on: at.slice(0, 10),
        kind: "publicity",
        served: "村民",
        content: "发放民法典宣传册",
        result: null,
        dispute_resolved: null,
        status: "pending",
        source: "self",
        recorded_by: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    lastPending = id;
    return id;
  },
  freshSubCadre: async () =>
    (await addCadre(t.db, { actor: organiser, cadre: cadreOf(fixed.subdistrict!) })).id,
  villageCadre: async () =>
    (await addCadre(t.db, { actor: village, cadre: cadreOf(fixed.zhoushan!) })).id,
  account: async () =>
    createStaff(t.db, {
      actor: admin,
      username: `u${unique()}`,
      displayName: "新 职员",
      role: "organiser",
      unitId: Number(fixed.zhoushan),
      password: "initial-password-1",
    }),
};

/** The pending duty entry made for the cell, for the queue's forms. */
let lastPending = 0;
const newPhone = () => `137${String(10_000_000 + serial++).slice(-8)}`;
const cadreOf = (unitId: number | string) => ({
  name: `干部${unique()}`,
  phone: newPhone(),
  unitId: Number(unitId),
  department: null,
  position: "科员",
  lawEnforcement: false,
  status: "active" as const,
  leftOn: null,
});
const cadreForm = (unitId: number | string) => [
  ["name", `干部${unique()}`],
  ["phone", newPhone()],
  ["unitId", String(unitId)],
  ["department", ""],
  ["position", "科员"],
  ["status", "active"],
  ["leftOn", ""],
];
/** Each new 述法 record in the matrix takes a year of its own: one per official and year. */
let reportYear = 2030;

/** The check-in id of the last walk-in, for the undo form. */
let lastCheckin = 0;
async function withWalkIn(actor: Actor, eventId: number) {
  await staffCheckIn(t.db, {
    actor,
    eventId,
    method: "walk_in",
    person: { name: "赵六", phone: null, villageId: null, employer: null, group: "villager" },
  });
  const row = await t.db
    .selectFrom("checkin")
    .select("id")
    .where("event_id", "=", eventId)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  lastCheckin = row.id;
  return eventId;
}

/** A time `days` from now at `hour` o'clock Beijing time, as a datetime-local field holds it. */
function local(days: number, hour: number) {
  const day = isoToShanghaiLocal(new Date(Date.now() + days * 86_400_000).toISOString());
  return `${day.slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

const eventForm = (hostUnitId: number | string, intent: string): [string, string][] => [
  ["title", `授权矩阵 ${unique()}`],
  ["format", "lecture"],
  ["setting", "village"],
  ["campaignId", ""],
  ["hostUnitId", String(hostUnitId)],
  ["villageId", String(fixed.zhoushan)],
  ["venue", "舟山村文化礼堂"],
  ["startsAt", local(3, 9)],
  ["endsAt", local(3, 11)],
  ["audience", "villager"],
  ["laws", ""],
  ["speaker", ""],
  ["speakerRole", ""],
  ["capacity", ""],
  ["visibility", "public"],
  ["description", ""],
  ["invitees", ""],
  ["intent", intent],
];

/** A duty entry as its form sends it: a resolved dispute of yesterday (Beijing time). */
const dutyFields = () => [
  ["occurredOn", isoToShanghaiLocal(new Date(Date.now() - 86_400_000).toISOString()).slice(0, 10)],
  ["kind", "dispute"],
  ["served", "村民王某与李某"],
  ["content", "宅基地边界纠纷，现场调解"],
  ["result", "签订调解协议"],
  ["disputeResolved", "1"],
];

const forms = {
  distinct: () => [
    ["intent", "distinct"],
    ["a", String(duplicate.keep)],
    ["b", String(duplicate.drop)],
  ],
  merge: () => [
    ["keep", String(duplicate.keep)],
    ["drop", String(duplicate.drop)],
  ],
  empty: () => [],
  wrongPassword: () => [
    ["current", "not-my-password-1"],
    ["password", "another-password-2"],
    ["confirm", "another-password-2"],
  ],
  newAccount: () => [
    ["username", `n${unique()}`],
    ["displayName", "新 职员"],
    ["role", "organiser"],
    ["unitId", String(fixed.zhoushan)],
    ["password", "initial-password-1"],
  ],
  newWideAccount: () => [
    ["username", `w${unique()}`],
    ["displayName", "全区 职员"],
    ["role", "organiser"],
    ["unitId", String(fixed.district)],
    ["password", ""],
  ],
  accountsConfirm: () => [
    ["intent", "confirm"],
    ["fileName", "accounts.csv"],
    [
      "rows",
      JSON.stringify([
        {
          line: 2,
          username: `i${unique()}`,
          name: "导入 职员",
          role: "organiser",
          unit: "横泾街道/舟山村",
        },
      ]),
    ],
  ],
  update: () => [
    ["intent", "update"],
    ["displayName", "改名 职员"],
    ["role", "official"],
    ["unitId", String(fixed.zhoushan)],
  ],
  reset: () => [
    ["intent", "reset"],
    ["password", "reset-password-3"],
  ],
  unlock: () => [["intent", "unlock"]],
  askDisable: () => [["intent", "disable"]],
  disable: () => [
    ["intent", "disable"],
    ["confirmed", "1"],
  ],
  endSession: () => [
    ["intent", "endSession"],
    ["sessionId", "0".repeat(64)],
  ],
  endSessions: () => [["intent", "endSessions"]],
  enable: () => [["intent", "enable"]],
  checkin: () => [
    ["intent", "checkin"],
    ["name", "钱七"],
    ["phone", `139${String(10_000_000 + serial++).slice(-8)}`],
    ["villageId", String(fixed.zhoushan)],
    ["group", "villager"],
    ["consent", "on"],
  ],
  subEvent: () => eventForm(fixed.subdistrict!, "draft"),
  villageEvent: () => eventForm(fixed.zhoushan!, "draft"),
  subPublish: () => eventForm(fixed.subdistrict!, "publish"),
  villagePublish: () => eventForm(fixed.zhoushan!, "publish"),
  publish: () => [["intent", "publish"]],
  cancelAsk: () => [
    ["intent", "cancel"],
    ["reason", "场地临时维修"],
  ],
  cancel: () => [
    ["intent", "cancel"],
    ["reason", "场地临时维修"],
    ["confirmed", "yes"],
  ],
  restore: () => [["intent", "restore"]],
  copy: () => [["intent", "copy"]],
  issueMissing: () => [
    ["intent", "issueMissing"],
    ["unitId", String(fixed.zhoushan)],
  ],
  passIssue: () => [["intent", "issue"]],
  passRevoke: () => [["intent", "revoke"]],
  passReissue: () => [["intent", "reissue"]],
  scan: () => [
    ["intent", "scan"],
    ["code", "K7QM-2XPD-9HTR"],
  ],
  walkIn: () => [
    ["intent", "walk_in"],
    ["name", "孙八"],
    ["phone", ""],
    ["villageId", String(fixed.zhoushan)],
    ["employer", ""],
    ["group", "villager"],
    ["consent", "on"],
  ],
  assisted: () => [
    ["intent", "assisted"],
    ["assistedName", "周九"],
    ["assistedVillageId", String(fixed.zhoushan)],
    ["assistedGroup", "elderly"],
    ["assistedConsent", "on"],
  ],
  undo: () => [
    ["intent", "undo"],
    ["checkinId", String(lastCheckin)],
    ["confirmed", "yes"],
  ],
  report: () => [
    ["estimatedCrowd", "120"],
    ["materialsHandedOut", "80"],
    ["consultations", "9"],
    ["summary", "现场解答问题 9 人次。"],
  ],
  learner: () => [
    ["name", "名册 新人"],
    ["phone", freshPhone()],
    ["villageId", String(fixed.zhoushan)],
    ["category", "party_member"],
    ["recognisedOn", "2024-03-01"],
  ],
  learnerUpdate: () => [
    ["intent", "update"],
    ["name", "名册 改名"],
    ["phone", freshPhone()],
    ["villageId", String(fixed.zhoushan)],
    ["category", "wulao"],
  ],
  retire: () => [
    ["intent", "retire"],
    ["retiredOn", "2026-11-20"],
    ["reason", "外出务工"],
  ],
  reinstate: () => [["intent", "reinstate"]],
  publishConsent: () => [
    ["intent", "consent"],
    ["scope", "name"],
    ["consentedOn", "2026-11-20"],
  ],
  badPublishConsent: () => [
    ["intent", "consent"],
    ["scope", "everything"],
    ["consentedOn", "2026-11-20"],
  ],
  publishWithdraw: () => [["intent", "withdraw"]],
  importPreview: () => [["intent", "preview"]],
  importConfirm: () => [
    ["intent", "confirm"],
    ["fileName", "roster.csv"],
    [
      "rows",
      JSON.stringify([
        {
          line: 2,
          name: "名册 导入",
          phone: freshPhone(),
          village: "舟山村",
          category: "调解员",
          recognisedOn: "",
          certificateNo: "",
          adviser: "",
        },
      ]),
    ],
  ],
  targets: () => [
    ["unitId", String(fixed.subdistrict)],
    ["rosterPerVillage", "6"],
    ["trainingHours", "12"],
    ["attendancePercent", "80"],
  ],
  issueLink: () => [["intent", "issueLink"]],
  revokeLink: () => [["intent", "revokeLink"]],
  renewLink: () => [["intent", "renewLink"]],
  dutyEntry: () => [["legalSavvyId", String(fixed.learner)], ...dutyFields()],
  badDutyEntry: () => [
    ["legalSavvyId", String(fixed.learner)],
    ["occurredOn", "2026-02-30"],
    ["kind", "dispute"],
    ["served", ""],
    ["content", "调解"],
  ],
  confirm: () => [
    ["intent", "confirm"],
    ["entryId", String(lastPending)],
  ],
  return: () => [
    ["intent", "return"],
    ["entryId", String(lastPending)],
    ["reason", "请补充服务对象"],
  ],
  selfEntry: () => dutyFields(),
  badSelfEntry: () => [
    ["occurredOn", ""],
    ["kind", "dispute"],
    ["served", "村民"],
    ["content", ""],
  ],
  villageCadre: () => cadreForm(fixed.zhoushan!),
  subCadre: () => cadreForm(fixed.subdistrict!),
  session: () => [
    ["title", `学法 ${unique()}`],
    ["studyKind", "central_group"],
    ["hostUnitId", String(fixed.subdistrict)],
    ["venue", "街道会议室"],
    ["startsAt", local(3, 9)],
    ["endsAt", local(3, 11)],
    ["speaker", ""],
    ["chair", ""],
    ["training", "on"],
    ["creditMinutes", ""],
    ["cadreIds", String(fixed.subCadre)],
  ],
  invite: () => [
    ["intent", "invite"],
    ["cadreIds", String(fixed.subCadre)],
  ],
  absence: () => [
    ["intent", "absences"],
    [`reason-${fixed.subCadrePerson}`, "official_duty"],
    [`note-${fixed.subCadrePerson}`, ""],
  ],
  plan: () => [
    ["year", "2026"],
    ["progress_meeting-q1", "1"],
    ["central_group-q2", "2"],
  ],
  newReport: () => [
    ["cadreId", String(fixed.subCadre)],
    ["year", String(reportYear++)],
    ["form", "written"],
    ["evaluation", "excellent"],
    ["evaluationNote", ""],
    ["remedialActions", ""],
  ],
  editReport: () => [
    ["cadreId", String(fixed.subCadre)],
    ["year", "2029"],
    ["form", "on_site"],
    ["evaluation", "good"],
    ["evaluationNote", "述法报告内容翔实。"],
    ["remedialActions", ""],
  ],
  newUnit: () => [
    ["parentId", String(fixed.subdistrict)],
    ["name", `新村${unique()}`],
    ["level", "village"],
  ],
  lang: () => [
    ["lang", "en"],
    ["next", "/"],
  ],
  badLogin: () => [
    ["username", `nobody-${unique()}`],
    ["password", "wrong-password-1"],
  ],
} satisfies Record<string, () => string[][]>;
type FormName = keyof typeof forms;

/** Records made and sessions opened by the cells so far (fixtures, log-ins for log-out). */
let made = 0;

/** The path with its placeholders filled: fixed values, or records made for this cell. */
async function resolve(template: string) {
  let path = template;
  for (const [match, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (!(name! in fixed)) made++;
    const value = name! in fixed ? fixed[name!] : await fresh[name!]?.();
    if (value === undefined) throw new Error(`no fixture ${name}`);
    path = path.replace(match, String(value));
  }
  return path;
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Everything a refused request must leave alone: row counts, events and accounts. */
async function snapshot() {
  return {
    counts: await rowCounts(t.db),
    locks: await t.db.selectFrom("login_attempt").selectAll().orderBy("subject").execute(),
    events: await t.db.selectFrom("event").selectAll().orderBy("id").execute(),
    staff: await t.db
      .selectFrom("staff_user")
      .select(["id", "display_name", "role", "unit_id", "disabled", "password_hash"])
      .orderBy("id")
      .execute(),
  };
}

/** A browser for one cell: the actor's own, or for log-out a new session of its own. */
async function browserFor(who: Who, row: Row) {
  if (who === "anon" || !row.request.startsWith("POST /logout")) return browsers.get(who)!;
  const browser = new Browser(server.baseUrl);
  made++;
  await browser.logIn(usernames[who], passwordOf(who));
  return browser;
}

/** One cell's request, its records made and its form filled, ready to be sent. */
async function prepare(who: Who, row: Row) {
  const [method, template] = row.request.split(" ") as ["GET" | "POST", string];
  const path = await resolve(template);
  const browser = await browserFor(who, row);
  const fields = method === "POST" ? (forms[row.form!]() as [string, string][]) : null;
  return {
    path,
    send: () => (fields ? browser.post(path, fields) : browser.get(path)),
  };
}

describe("the authorization matrix", () => {
  it("has a row for every route module in app/routes", () => {
    const files = readdirSync("app/routes").sort();
    const covered = new Set(matrix.map((r) => r.file));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
    expect([...covered].filter((file) => !files.includes(file))).toEqual([]);
  });

  it("has a row for every action of every multi-form route", () => {
    // The intents the matrix sends, against those each route's form schema knows.
    const sent = (file: string) =>
      new Set(
        matrix
          .filter((r) => r.file === file && r.form && r.form in forms)
          .map(
            (r) => forms[r.form as keyof typeof forms]().find(([name]) => name === "intent")?.[1],
          ),
      );
    const known = (schema: { options: readonly { shape: { intent: { value: string } } }[] }) =>
      new Set(schema.options.map((option) => option.shape.intent.value));
    expect(sent("admin.users.$id.tsx")).toEqual(known(userActionSchema));
    expect(sent("events.$id._index.tsx")).toEqual(known(eventActionSchema));
    expect(sent("events.$id.attendance.tsx")).toEqual(known(attendanceActionSchema.out));
    expect(sent("passes._index.tsx")).toEqual(known(passListActionSchema));
    expect(sent("passes.$personId.tsx")).toEqual(known(passActionSchema));
    expect(sent("events.$id.scan.tsx")).toEqual(known(scanActionSchema));
    expect(sent("learners.$id.edit.tsx")).toEqual(known(learnerActionSchema));
    expect(sent("learners.$id._index.tsx")).toEqual(known(personalLinkActionSchema));
    expect(sent("duties.queue.tsx")).toEqual(known(dutyReviewSchema));
    expect(sent("study.sessions.$id.tsx")).toEqual(known(sessionActionSchema));
  });

  /**
   * The tables as the last refused request left them (it was checked to have changed nothing),
   * and the count of records made up to then. While nothing has run since but the preparing of
   * cells that made nothing, it is the state before the next refused request: taking it again
   * would read the same. Anything else that ran (an allowed request, a GET) clears it.
   */
  let settled: { state: Snapshot; made: number } | null = null;

  for (const r of matrix) {
    it(`${r.request}${r.form ? ` (${r.form})` : ""}`, async () => {
      const got: Record<string, Status | number> = {};
      const wanted: Record<string, Status> = {};
      for (const [i, who] of WHO.entries()) {
        const expected = r.expect[i]!;
        // Refused and failed writes (a 404 included: an unknown personal link) leave every table
        // as they were; a wrong current password is the one failure that writes (its audit entry).
        const refused =
          r.request.startsWith("POST") &&
          [400, 403, 404, 405, L].includes(expected) &&
          r.form !== "wrongPassword";
        const { path, send } = await prepare(who, r);
        const before = !refused ? null : settled?.made === made ? settled.state : await snapshot();
        settled = null;
        const response = await send();
        const location = response.headers.get("location") ?? "";
        const status = response.status;
        wanted[who] = expected;
        got[who] =
          status === 302 && location.startsWith("/login") && !path.startsWith("/login")
            ? L
            : status;
        await response.arrayBuffer();
        if (before) {
          const after = await snapshot();
          expect(after, `${who} ${r.request} wrote`).toEqual(before);
          settled = { state: after, made };
        }
      }
      expect(got).toEqual(wanted);
    });
  }
});
