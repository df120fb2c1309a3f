import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 18 item 6 over real HTTP, on SQLite and (npm run test:pg) PostgreSQL: the edit forms that
// show whole phone numbers (a 法律明白人's, a cadre's, an internal event's invitation list) each
// leave a sensitive read with their purpose and how many numbers they showed, never a number;
// an official, who may not open them, leaves none.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const reads = () =>
  t.db
    .selectFrom("sensitive_read")
    .select(["actor_username", "purpose", "records", "target", "reason"])
    .orderBy("id")
    .execute();

async function xiangshan() {
  return t.db
    .selectFrom("admin_unit")
    .select(["id", "path"])
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
}

describe("edit forms that show whole phone numbers", () => {
  it("each leave one sensitive read with their purpose and count, and no number", async () => {
    const office = await xiangshan();
    const learner = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select(["legal_savvy.id", "person.phone"])
      .where("village.path", "like", `${office.path}%`)
      .where("person.phone", "is not", null)
      .orderBy("legal_savvy.id")
      .executeTakeFirstOrThrow();
    const cadre = await t.db
      .selectFrom("cadre")
      .innerJoin("person", "person.id", "cadre.person_id")
      .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
      .select(["cadre.id", "person.phone"])
      .where("unit.path", "like", `${office.path}%`)
      .where("person.phone", "is not", null)
      .orderBy("cadre.id")
      .executeTakeFirstOrThrow();
    const event = await t.db
      .selectFrom("event")
      .select("event.id")
      .where("event.host_unit_id", "=", office.id)
      .where("event.visibility", "=", "internal")
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("event_invitation")
            .innerJoin("person", "person.id", "event_invitation.person_id")
            .select("event_invitation.person_id")
            .whereRef("event_invitation.event_id", "=", "event.id")
            .where("person.phone", "is not", null),
        ),
      )
      .orderBy("event.id")
      .executeTakeFirstOrThrow();
    const invitedPhones = await t.db
      .selectFrom("event_invitation")
      .innerJoin("person", "person.id", "event_invitation.person_id")
      .select("person.phone")
      .where("event_invitation.event_id", "=", event.id)
      .where("person.phone", "is not", null)
      .execute();

    const before = (await reads()).length;
    const organiser = new Browser(server.baseUrl);
    await organiser.logIn("organiser");
    for (const path of [
      `/learners/${learner.id}/edit`,
      `/study/cadres/${cadre.id}`,
      `/events/${event.id}/edit`,
    ]) {
      const page = await organiser.get(path);
      expect(page.status, path).toBe(200);
    }
    const added = (await reads()).slice(before);
    expect(added).toEqual([
      {
        actor_username: "organiser",
        purpose: "learner_edit",
        records: 1,
        target: `learner:${learner.id}`,
        reason: null,
      },
      {
        actor_username: "organiser",
        purpose: "cadre_edit",
        records: 1,
        target: `cadre:${cadre.id}`,
        reason: null,
      },
      {
        actor_username: "organiser",
        purpose: "invitation_edit",
        records: invitedPhones.length,
        target: `event:${event.id}`,
        reason: null,
      },
    ]);
    const logged = JSON.stringify(added);
    for (const phone of [learner.phone, cadre.phone, ...invitedPhones.map((p) => p.phone)]) {
      expect(logged).not.toContain(phone!);
    }

    // An official may not open the forms: refused, and nothing logged.
    const official = new Browser(server.baseUrl);
    await official.logIn("official");
    const refused = await official.get(`/events/${event.id}/edit`);
    expect(refused.status).toBe(403);
    expect((await reads()).length).toBe(before + 3);
  });
});
