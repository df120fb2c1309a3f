import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { cancelEvent, createEvent } from "~/.server/events/events";
import { restoreEvent } from "~/.server/events/restore-event";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Cancelling asks first and can be taken back until the event would have ended; both are in the
// audit log. Officials get no door, projector or poster. Real HTTP against the build, both databases.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let official: Actor;
let hengjing: Actor;
let b: Browser;

const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  organiser = await demoActor(t.db, "organiser");
  official = await demoActor(t.db, "official");
  hengjing = await demoActor(t.db, "hengjing");
  b = new Browser(server.baseUrl);
  await b.logIn("organiser");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

async function cancelledEvent(input: { publish: boolean; startsInHours: number; title: string }) {
  const start = Date.now() + input.startsInHours * HOUR;
  const created = await createEvent(t.db, {
    actor: organiser,
    publish: input.publish,
    event: await eventInput(t.db, {
      title: input.title,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * HOUR).toISOString(),
    }),
  });
  await cancelEvent(t.db, { actor: organiser, id: created.id, reason: "暴雨" });
  return created.id;
}

const stateOf = (id: number) =>
  t.db
    .selectFrom("event")
    .select(["status", "cancel_reason", "cancelled_from"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

const auditOf = (action: string, title: string) =>
  t.db
    .selectFrom("audit_log")
    .select(["actor_username", "outcome"])
    .where("action", "=", action)
    .where("target", "like", `% ${title}`)
    .execute();

describe("restoring a cancelled event", () => {
  it("brings a running event back as published, clears the reason and logs who did it", async () => {
    const id = await cancelledEvent({ publish: true, startsInHours: -1, title: "恢复测试一" });
    expect(await stateOf(id)).toEqual({
      status: "cancelled",
      cancel_reason: "暴雨",
      cancelled_from: "published",
    });
    expect(await restoreEvent(t.db, { actor: organiser, id })).toEqual({ status: "published" });
    expect(await stateOf(id)).toEqual({
      status: "published",
      cancel_reason: null,
      cancelled_from: null,
    });
    expect(await auditOf("event.cancel", "恢复测试一")).toEqual([
      { actor_username: "organiser", outcome: "success" },
    ]);
    expect(await auditOf("event.restore", "恢复测试一")).toEqual([
      { actor_username: "organiser", outcome: "success" },
    ]);
    // A second tap changes nothing.
    await expect(restoreEvent(t.db, { actor: organiser, id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await auditOf("event.restore", "恢复测试一")).toHaveLength(1);
  });

  it("brings a cancelled draft back as a draft, not published", async () => {
    const id = await cancelledEvent({ publish: false, startsInHours: 24, title: "恢复测试二" });
    await restoreEvent(t.db, { actor: organiser, id });
    expect((await stateOf(id)).status).toBe("draft");
  });

  it("is refused once the event would have ended, and writes nothing", async () => {
    const id = await cancelledEvent({ publish: true, startsInHours: -3, title: "恢复测试三" });
    const before = await rowCounts(t.db);
    await expect(restoreEvent(t.db, { actor: organiser, id })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "events.restoreTooLate",
    });
    expect((await stateOf(id)).status).toBe("cancelled");
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("is refused to an official and to another sub-district's organiser", async () => {
    const id = await cancelledEvent({ publish: true, startsInHours: 2, title: "恢复测试四" });
    await expect(restoreEvent(t.db, { actor: official, id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(restoreEvent(t.db, { actor: hengjing, id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await stateOf(id)).status).toBe("cancelled");
    expect(await auditOf("event.restore", "恢复测试四")).toEqual([]);
  });
});

describe("the event page over HTTP", () => {
  async function publishedEvent(title: string, start = Date.now() + HOUR) {
    const created = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, {
        title,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * HOUR).toISOString(),
      }),
    });
    return created.id;
  }

  it("asks before cancelling: the first post writes nothing, the question's button cancels", async () => {
    const id = await publishedEvent("取消确认测试");
    const asked = await b.post(`/events/${id}`, { intent: "cancel", reason: "场地停电" });
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain("确定取消「取消确认测试」吗？");
    expect(html).toContain("居民会在活动页面看到：场地停电。");
    expect((await stateOf(id)).status).toBe("published");
    expect(await auditOf("event.cancel", "取消确认测试")).toEqual([]);

    const done = await b.post(`/events/${id}`, {
      intent: "cancel",
      reason: "场地停电",
      confirmed: "yes",
    });
    expect(done.status).toBe(302);
    expect(await stateOf(id)).toMatchObject({ status: "cancelled", cancel_reason: "场地停电" });
    const page = await (await b.follow(done)).text();
    expect(page).toContain("恢复活动");

    const restored = await b.post(`/events/${id}`, { intent: "restore" });
    expect(restored.status).toBe(302);
    expect((await stateOf(id)).status).toBe("published");
  });

  it("still asks for a reason first, next to its field", async () => {
    const id = await publishedEvent("取消原因测试");
    const res = await b.post(`/events/${id}`, { intent: "cancel", reason: " " });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请说明取消原因。");
    expect((await stateOf(id)).status).toBe("published");
  });

  it("refuses restore to an official over HTTP", async () => {
    const id = await cancelledEvent({ publish: true, startsInHours: 2, title: "恢复测试五" });
    const reader = new Browser(server.baseUrl);
    await reader.logIn("official");
    const res = await reader.post(`/events/${id}`, { intent: "restore" });
    expect(res.status).toBe(403);
    expect((await stateOf(id)).status).toBe("cancelled");
  });

  it("gives an official figures and the public page, never the door, projector or poster", async () => {
    // Running now, so it is on today's list at any hour (an hour ahead is tomorrow after 23:00).
    const id = await publishedEvent("官员视图测试", Date.now() - 10 * 60_000);
    await t.db.updateTable("event").set({ visibility: "public" }).where("id", "=", id).execute();
    const reader = new Browser(server.baseUrl);
    await reader.logIn("official");
    for (const path of ["poster", "projector", "live"]) {
      expect((await reader.get(`/events/${id}/${path}`)).status, path).toBe(403);
    }
    const page = await (await reader.get(`/events/${id}`)).text();
    expect(page).not.toContain(`/events/${id}/poster`);
    expect(page).not.toContain(`/events/${id}/projector`);
    expect(page).toContain(`/events/${id}/report`);
    const today = await (await reader.get("/dashboard")).text();
    expect(today).toContain("官员视图测试");
    expect(today).toContain("查看数字");
    expect(today).not.toContain("现场签到");
    expect(today).not.toContain(`/events/${id}/projector`);
    // The attendance list offers a reader the report to read, not to write.
    const list = await (await reader.get(`/events/${id}/attendance`)).text();
    expect(list).toContain("查看活动总结");
    expect(list).not.toContain("填写活动总结");
    // The organiser's day keeps its buttons.
    const own = await (await b.get("/dashboard")).text();
    expect(own).toContain(`/events/${id}/projector`);
  });
});
