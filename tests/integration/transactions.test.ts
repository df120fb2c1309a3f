import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountSubject } from "../../app/.server/auth/login-attempts";
import { createSession } from "../../app/.server/auth/session";
import {
  cancelEvent,
  copyEvent,
  createEvent,
  publishEvent,
  recordEventReport,
  updateEvent,
} from "../../app/.server/events/events";
import {
  changeOwnPassword,
  createStaff,
  resetStaffPassword,
  setStaffDisabled,
  unlockStaff,
  updateStaff,
} from "../../app/.server/staff/staff";
import { createUnit } from "../../app/.server/units/units";
import type { Actor } from "../../app/.server/audit/audit-log";
import { DEMO_PASSWORD } from "../../db/seed";
import { inTransaction } from "../../db/transaction";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts, unitId } from "../support/demo";

// Item 4 of issue 6, all or nothing: for every use case that writes more than one row, the last
// statement (the audit entry) is made to fail by a trigger in the database, and nothing the use
// case wrote before it may remain. On SQLite and (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let organiser: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  admin = await demoActor(t.db, "admin");
  organiser = await demoActor(t.db, "organiser");
});
afterAll(async () => {
  await t?.destroy();
});

/** Runs `body` while the database refuses audit entries of `action`, as a failing disk would. */
async function withFailingAudit<T>(action: string, body: () => Promise<T>) {
  const name = sql.lit(action);
  if (t.dialect === "postgres") {
    await sql`create function inject_failure() returns trigger language plpgsql as $$
      begin
        if new.action = ${name} then raise exception 'injected failure'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger inject_failure before insert on audit_log
      for each row execute function inject_failure()`.execute(t.db);
  } else {
    await sql`create trigger inject_failure before insert on audit_log when new.action = ${name}
      begin select raise(abort, 'injected failure'); end`.execute(t.db);
  }
  try {
    return await body();
  } finally {
    if (t.dialect === "postgres") {
      await sql`drop trigger inject_failure on audit_log`.execute(t.db);
      await sql`drop function inject_failure`.execute(t.db);
    } else {
      await sql`drop trigger inject_failure`.execute(t.db);
    }
  }
}

/** The use case fails with the injected error and leaves every table as it was. */
async function expectNothingWritten(action: string, useCase: () => Promise<unknown>) {
  const before = await rowCounts(t.db);
  await withFailingAudit(action, () => expect(useCase()).rejects.toThrow(/injected failure/));
  expect(await rowCounts(t.db)).toEqual(before);
}

/** An event as every page shows it: its row, audience groups and invitation list. */
async function eventState(id: number) {
  const [event, audience, invitees] = await Promise.all([
    t.db.selectFrom("event").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
    t.db
      .selectFrom("event_audience")
      .select("audience_group")
      .where("event_id", "=", id)
      .orderBy("audience_group")
      .execute(),
    t.db
      .selectFrom("event_invitation")
      .select(["person_id", "absence_reason"])
      .where("event_id", "=", id)
      .orderBy("person_id")
      .execute(),
  ]);
  return { event, audience, invitees };
}

async function staffState(username: string) {
  const user = await t.db
    .selectFrom("staff_user")
    .selectAll()
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  const sessions = await t.db
    .selectFrom("staff_session")
    .select("id")
    .where("user_id", "=", user.id)
    .execute();
  const lock = await t.db
    .selectFrom("login_attempt")
    .selectAll()
    .where("subject", "=", accountSubject(username))
    .executeTakeFirst();
  return { user, sessions: sessions.length, lock };
}

async function newEvent(publish: boolean) {
  return createEvent(t.db, { actor: organiser, event: await eventInput(t.db), publish });
}

describe("events: a failure at the last statement leaves nothing behind", () => {
  it("creating a draft or a published event writes no event, audience or invitee", async () => {
    const event = await eventInput(t.db);
    await expectNothingWritten("event.create", () =>
      createEvent(t.db, { actor: organiser, event, publish: false }),
    );
    await expectNothingWritten("event.publish", () =>
      createEvent(t.db, { actor: organiser, event, publish: true }),
    );
  });

  it("editing keeps the old fields, audience groups and invitation list", async () => {
    const { id } = await newEvent(false);
    const before = await eventState(id);
    const changed = await eventInput(t.db, {
      title: "改过的标题",
      audience: ["youth"],
      invitees: [{ name: "王五", phone: "13900000003" }],
    });
    await expectNothingWritten("event.update", () =>
      updateEvent(t.db, { actor: organiser, id, event: changed }),
    );
    expect(await eventState(id)).toEqual(before);
  });

  it("publishing, cancelling and reporting keep the status and figures", async () => {
    const draft = await newEvent(false);
    const before = await eventState(draft.id);
    await expectNothingWritten("event.publish", () =>
      publishEvent(t.db, { actor: organiser, id: draft.id }),
    );
    await expectNothingWritten("event.cancel", () =>
      cancelEvent(t.db, { actor: organiser, id: draft.id, reason: "下雨" }),
    );
    expect(await eventState(draft.id)).toEqual(before);

    const published = await newEvent(true);
    const held = await eventState(published.id);
    await expectNothingWritten("event.report", () =>
      recordEventReport(t.db, {
        actor: organiser,
        id: published.id,
        estimatedCrowd: 300,
        materialsHandedOut: 200,
        consultations: 12,
        summary: "顺利",
      }),
    );
    expect(await eventState(published.id)).toEqual(held);
  });

  it("copying writes no copy, audience or invitee", async () => {
    const { id } = await newEvent(true);
    await expectNothingWritten("event.copy", () => copyEvent(t.db, { actor: organiser, id }));
  });
});

describe("units and accounts: a failure at the last statement leaves nothing behind", () => {
  it("creating a unit leaves no row, not even one with its provisional path", async () => {
    const parentId = await unitId(t.db, "香山街道");
    await expectNothingWritten("unit.create", () =>
      createUnit(t.db, { actor: admin, parentId, name: "新村", level: "village" }),
    );
    const named = await t.db.selectFrom("admin_unit").select("id").where("name", "=", "新村");
    expect(await named.execute()).toEqual([]);
  });

  it("creating an account writes no account", async () => {
    await expectNothingWritten("user.create", async () =>
      createStaff(t.db, {
        actor: admin,
        username: "new.clerk",
        displayName: "新 职员",
        role: "organiser",
        unitId: await unitId(t.db, "渔帆村"),
        password: "a-long-password-1",
      }),
    );
  });

  it("editing, disabling, unlocking and resetting keep the account and its sessions", async () => {
    const village = await demoActor(t.db, "village");
    await createSession(t.db, village.id);
    await t.db
      .insertInto("login_attempt")
      .values({
        subject: accountSubject("village"),
        attempts: 5,
        expires_at: new Date(Date.now() + 900_000).toISOString(),
      })
      .execute();
    const before = await staffState("village");
    expect(before.sessions).toBe(1);

    await expectNothingWritten("user.update", async () =>
      updateStaff(t.db, {
        actor: admin,
        id: village.id,
        displayName: "改名",
        role: "official",
        unitId: await unitId(t.db, "香山街道"),
      }),
    );
    await expectNothingWritten("user.disable", () =>
      setStaffDisabled(t.db, { actor: admin, id: village.id, disabled: true }),
    );
    await expectNothingWritten("user.unlock", () =>
      unlockStaff(t.db, { actor: admin, id: village.id }),
    );
    await expectNothingWritten("user.reset_password", () =>
      resetStaffPassword(t.db, { actor: admin, id: village.id, password: "another-password-2" }),
    );
    expect(await staffState("village")).toEqual(before);
  });

  it("changing one's own password keeps the old one", async () => {
    const before = await staffState("official");
    await expectNothingWritten("password.change", async () =>
      changeOwnPassword(t.db, {
        actor: await demoActor(t.db, "official"),
        sessionToken: "",
        current: DEMO_PASSWORD,
        password: "a-new-password-3",
      }),
    );
    // The attempt's slot against the log-in limit is taken before the password is checked, on
    // purpose outside the change (a guess must count even when what follows fails); the rest
    // of the account is as it was.
    const after = await staffState("official");
    expect(after.lock).toMatchObject({ attempts: 1 });
    expect({ ...after, lock: before.lock }).toEqual(before);
  });

  it("without the injected failure the same calls write (the trigger is what failed them)", async () => {
    const before = await rowCounts(t.db);
    await createUnit(t.db, {
      actor: admin,
      parentId: await unitId(t.db, "香山街道"),
      name: "新村",
      level: "village",
    });
    const { id } = await newEvent(true);
    await copyEvent(t.db, { actor: organiser, id });
    const after = await rowCounts(t.db);
    expect(after.admin_unit).toBe(before.admin_unit! + 1);
    expect(after.event).toBe(before.event! + 2);
    expect(after.event_invitation).toBe(before.event_invitation! + 4);
    expect(after.audit_log).toBe(before.audit_log! + 3);
  });
});

// Several processes share one SQLite file (PUFA_WORKERS). A transaction that read, then wrote,
// would fail at once (SQLITE_BUSY_SNAPSHOT) had another process committed in between: each
// transaction takes the write lock when it begins, so the other process waits instead.
describe.skipIf(Boolean(process.env.TEST_PG_URL))("SQLite transactions across processes", () => {
  it("hold the write lock from their first read, so their writes never meet a newer snapshot", async () => {
    const otherProcess = new SQLite(t.url, { timeout: 0 });
    try {
      await inTransaction(t.db, async (trx) => {
        await trx.selectFrom("event").select("id").execute();
        expect(() =>
          otherProcess.prepare("insert into app_meta (key, value) values ('other', 'x')").run(),
        ).toThrow(/database is locked/);
        await trx.insertInto("app_meta").values({ key: "mine", value: "x" }).execute();
      });
      otherProcess.prepare("insert into app_meta (key, value) values ('other', 'x')").run();
      const keys = await t.db
        .selectFrom("app_meta")
        .select("key")
        .where("key", "in", ["mine", "other"])
        .orderBy("key")
        .execute();
      expect(keys.map((row) => row.key)).toEqual(["mine", "other"]);
    } finally {
      otherProcess.close();
    }
  });
});
