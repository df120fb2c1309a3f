import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { getEventReport } from "../../app/.server/attendance/report";
import { staffCheckIn } from "../../app/.server/attendance/staff-checkin";
import {
  cancelEvent,
  copyEvent,
  createEvent,
  getEventInScope,
  listEventsInScope,
  publishEvent,
  recordEventReport,
  updateEvent,
} from "../../app/.server/events/events";
import { eventCapabilities } from "../../app/.server/events/permissions";
import { getPoster } from "../../app/.server/events/poster";
import { getProjectorState } from "../../app/.server/events/projector";
import { pathInSubtree } from "../../app/.server/scope";
import { createStaff } from "../../app/.server/staff/staff";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts, unitId } from "../support/demo";

// Issue 7, item 1: an event is within reach of a staff account when its host unit OR the village
// it is held in lies in the account's subtree. Reading and running follow reach; managing follows
// the host alone. Three events seen from 舟山村: hosted there, held there by 香山街道, and held
// by 香山街道 in the neighbouring 渔帆村 (neither). On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let organiser: Actor;
let village: Actor;
let yufan: Actor;
let official: Actor;
const ids = { hosted: 0, held: 0, neither: 0 };

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  const admin = await demoActor(t.db, "admin");
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  await createStaff(t.db, {
    actor: admin,
    username: "yufan",
    displayName: "渔帆 组织者",
    role: "organiser",
    unitId: await unitId(t.db, "渔帆村"),
    password: "yufan-password-2026",
  });
  yufan = await demoActor(t.db, "yufan");
  const zhoushan = await unitId(t.db, "舟山村");
  const hosted = await eventInput(t.db, {
    title: "舟山村自办：调解员说法",
    hostUnitId: zhoushan,
    visibility: "public",
    invitees: [],
  });
  ids.hosted = (await createEvent(t.db, { actor: village, publish: true, event: hosted })).id;
  const held = await eventInput(t.db, { title: "街道在舟山村办的讲座" });
  ids.held = (await createEvent(t.db, { actor: organiser, publish: true, event: held })).id;
  const elsewhere = await eventInput(t.db, {
    title: "街道在渔帆村办的讲座",
    villageId: await unitId(t.db, "渔帆村"),
  });
  ids.neither = (await createEvent(t.db, { actor: organiser, publish: true, event: elsewhere })).id;
});
afterAll(async () => {
  await t?.destroy();
});

const refused = { code: "FORBIDDEN" };
const walkIn = {
  method: "walk_in" as const,
  person: {
    name: "孙八",
    phone: null,
    villageId: null,
    employer: null,
    group: "villager" as const,
  },
};

describe("the events list follows reach", () => {
  it("shows 舟山村 the events it hosts and those held in it, not the neighbour's", async () => {
    const listed = (await listEventsInScope(t.db, { scopePath: village.unitPath })).map(
      (event) => event.id,
    );
    expect(listed).toEqual(expect.arrayContaining([ids.hosted, ids.held]));
    expect(listed).not.toContain(ids.neither);
  });

  it("shows 渔帆村 the event held in it and nothing of 舟山村", async () => {
    const listed = (await listEventsInScope(t.db, { scopePath: yufan.unitPath })).map(
      (event) => event.id,
    );
    expect(listed).toContain(ids.neither);
    expect(listed).not.toContain(ids.hosted);
    expect(listed).not.toContain(ids.held);
  });

  it("shows the sub-district all three, as before", async () => {
    const listed = (await listEventsInScope(t.db, { scopePath: organiser.unitPath })).map(
      (event) => event.id,
    );
    expect(listed).toEqual(expect.arrayContaining([ids.hosted, ids.held, ids.neither]));
  });
});

describe("reading and running an event follow reach", () => {
  const scope = () => ({ scopePath: village.unitPath });

  it("host in scope: the page, the report, the poster and the projector open", async () => {
    await expect(getEventInScope(t.db, { id: ids.hosted, ...scope() })).resolves.toMatchObject({
      id: ids.hosted,
    });
    await expect(getEventReport(t.db, { id: ids.hosted, ...scope() })).resolves.toMatchObject({
      id: ids.hosted,
    });
  });

  it("village in scope: the page, the report, the poster and the projector open", async () => {
    const base = { base: "http://127.0.0.1", from: "request" as const };
    await expect(getEventInScope(t.db, { id: ids.held, ...scope() })).resolves.toMatchObject({
      id: ids.held,
      host_name: "香山街道",
      village_name: "舟山村",
    });
    await expect(getEventReport(t.db, { id: ids.held, ...scope() })).resolves.toMatchObject({
      id: ids.held,
    });
    await expect(getPoster(t.db, { id: ids.held, base, ...scope() })).resolves.toBeTruthy();
    await expect(
      getProjectorState(t.db, { id: ids.held, base: base.base, ...scope() }),
    ).resolves.toMatchObject({ count: 0 });
  });

  it("neither: every read is refused", async () => {
    const base = { base: "http://127.0.0.1", from: "request" as const };
    await expect(getEventInScope(t.db, { id: ids.neither, ...scope() })).rejects.toMatchObject(
      refused,
    );
    await expect(getEventReport(t.db, { id: ids.neither, ...scope() })).rejects.toMatchObject(
      refused,
    );
    await expect(getPoster(t.db, { id: ids.neither, base, ...scope() })).rejects.toMatchObject(
      refused,
    );
    await expect(
      getProjectorState(t.db, { id: ids.neither, base: base.base, ...scope() }),
    ).rejects.toMatchObject(refused);
  });

  it("village in scope: a walk-in and the report are recorded", async () => {
    const outcome = await staffCheckIn(t.db, { actor: village, eventId: ids.held, ...walkIn });
    expect(outcome.status).toBe("new");
    await recordEventReport(t.db, {
      actor: village,
      id: ids.held,
      estimatedCrowd: 40,
      materialsHandedOut: 30,
      consultations: 5,
      summary: "村里组织群众参加。",
    });
    const report = await getEventReport(t.db, { id: ids.held, scopePath: organiser.unitPath });
    expect(report).toMatchObject({ checkins: 1, estimatedCrowd: 40 });
  });

  it("neither: a walk-in and a report are refused and write nothing", async () => {
    const before = await rowCounts(t.db);
    await expect(
      staffCheckIn(t.db, { actor: village, eventId: ids.neither, ...walkIn }),
    ).rejects.toMatchObject(refused);
    await expect(
      recordEventReport(t.db, {
        actor: village,
        id: ids.neither,
        estimatedCrowd: 1,
        materialsHandedOut: null,
        consultations: null,
        summary: null,
      }),
    ).rejects.toMatchObject(refused);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe("managing an event follows the host alone", () => {
  it("refuses the village the edit form, edit, cancel, copy and publish of an event held there", async () => {
    const before = await rowCounts(t.db);
    const id = ids.held;
    await expect(
      getEventInScope(t.db, { id, scopePath: village.unitPath, toManage: true }),
    ).rejects.toMatchObject(refused);
    await expect(
      updateEvent(t.db, { actor: village, id, event: await eventInput(t.db) }),
    ).rejects.toMatchObject(refused);
    await expect(cancelEvent(t.db, { actor: village, id, reason: "下雨" })).rejects.toMatchObject(
      refused,
    );
    await expect(copyEvent(t.db, { actor: village, id })).rejects.toMatchObject(refused);
    await expect(publishEvent(t.db, { actor: village, id })).rejects.toMatchObject(refused);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("lets the village manage the event it hosts", async () => {
    await expect(
      getEventInScope(t.db, { id: ids.hosted, scopePath: village.unitPath, toManage: true }),
    ).resolves.toMatchObject({ id: ids.hosted });
  });
});

describe("what a page may offer", () => {
  it("says the village runs but does not manage an event held there", async () => {
    const { host_path } = await getEventInScope(t.db, {
      id: ids.held,
      scopePath: village.unitPath,
    });
    expect(eventCapabilities(village, host_path)).toEqual({
      manage: false,
      runDoor: true,
      report: true,
    });
    expect(eventCapabilities(organiser, host_path)).toEqual({
      manage: true,
      runDoor: true,
      report: true,
    });
    expect(eventCapabilities(official, host_path)).toEqual({
      manage: false,
      runDoor: false,
      report: false,
    });
  });

  it("compares paths as the query does, at the edge of ids sharing a prefix", () => {
    expect(pathInSubtree("/1/2/", "/1/2/")).toBe(true);
    expect(pathInSubtree("/1/2/5/", "/1/2/")).toBe(true);
    expect(pathInSubtree("/1/20/", "/1/2/")).toBe(false);
    expect(pathInSubtree("/1/", "/1/2/")).toBe(false);
  });
});
