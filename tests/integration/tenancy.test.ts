import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { createEvent } from "~/.server/events/events";
import { commitImport, previewImport } from "~/.server/learners/import";
import type { RawRow } from "~/.server/learners/import-rows";
import { addLearner, updateLearner } from "~/.server/learners/roster-write";
import { passOf } from "~/.server/passes/cards";
import { reissuePass, revokePass } from "~/.server/passes/issue";
import { scanPass } from "~/.server/passes/scan";
import { addCadre, updateCadre } from "~/.server/study/cadres";
import type { CadreInput } from "~/lib/study-schema";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, unitId, unitUnder } from "../support/demo";
import { activeCode } from "../support/passes";

// A district holds several sub-districts. The demo's 横泾街道 lies beside 香山街道, with a
// 舟山村 and a 上林村 of its own; the test gives it an organiser and an official. Whatever 横泾 types, it never
// finds, shows or changes 香山's people; inside 香山, 舟山村 never reaches the sub-district's.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let hengjing: Actor;
let hengjingOfficial: Actor;
let zhoushanOrganiser: Actor;
let organiser: Actor;
let hjZhoushan: { id: number; path: string };

async function staff(username: string, role: Actor["role"], unit: number): Promise<Actor> {
  const stamp = new Date().toISOString();
  await t.db
    .insertInto("staff_user")
    .values({
      username,
      display_name: username,
      password_hash: "not-a-hash",
      role,
      unit_id: unit,
      password_changed_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  return demoActor(t.db, username);
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  const sub = { id: await unitId(t.db, "横泾街道") };
  hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
  hengjing = await staff("hj-organiser", "organiser", sub.id);
  hengjingOfficial = await staff("hj-official", "official", sub.id);
  zhoushanOrganiser = await demoActor(t.db, "village");
  organiser = await demoActor(t.db, "organiser");
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

/** A 香山 cadre by position, with their person, phone and pass. */
async function xiangshanCadre(position: string) {
  return t.db
    .selectFrom("cadre")
    .innerJoin("person", "person.id", "cadre.person_id")
    .innerJoin("admin_unit", "admin_unit.id", "cadre.unit_id")
    .select(["cadre.id", "person.id as personId", "person.name", "person.phone", "person.unit_id"])
    .where("cadre.position", "=", position)
    .where("admin_unit.name", "=", "香山街道")
    .executeTakeFirstOrThrow();
}

const passRows = (personId: number) =>
  t.db.selectFrom("pass").selectAll().where("person_id", "=", personId).orderBy("id").execute();

const cadreInput = (input: Partial<CadreInput> & Pick<CadreInput, "name" | "phone" | "unitId">) =>
  ({
    department: null,
    position: "科员",
    lawEnforcement: false,
    status: "active",
    leftOn: null,
    ...input,
  }) as CadreInput;

/** A roster entry as the add form sends it: a 调解员 with nothing optional. */
const learnerInput = (name: string, phone: string, villageId: number) => ({
  name,
  phone,
  villageId,
  category: "mediator" as const,
  recognisedOn: null,
  certificateNo: null,
  adviser: null,
});

const importRow = (line: number, name: string, phone: string, village: string): RawRow => ({
  line,
  name,
  phone,
  village,
  category: "调解员",
  recognisedOn: "",
  certificateNo: "",
  adviser: "",
});

describe("another sub-district's people", () => {
  it("an import of a 香山 cadre's phone and name gives 横泾 a person of its own, and no view of or power over his", async () => {
    const secretary = await xiangshanCadre("党工委书记");
    const passesBefore = await passRows(secretary.personId);
    expect(passesBefore.length).toBeGreaterThan(0);
    const rows = [importRow(2, secretary.name, secretary.phone!, "舟山村")];
    const preview = await previewImport(t.db, { actor: hengjing, rows });
    expect(preview.rows[0]).toMatchObject({ outcome: "new", problems: [] });
    await commitImport(t.db, { actor: hengjing, rows });
    const theirs = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.id", "person.unit_id"])
      .where("legal_savvy.village_id", "=", hjZhoushan.id)
      .where("person.phone", "=", secretary.phone)
      .executeTakeFirstOrThrow();
    expect(theirs.id).not.toBe(secretary.personId);
    expect(theirs.unit_id).toBe(hjZhoushan.id);
    // The new entry got its own pass on import: 横泾 sees it, and none of his, which it can
    // neither read nor revoke.
    const own = await passOf(t.db, {
      personId: theirs.id,
      scopePath: hengjing.unitPath,
      role: hengjing.role,
    });
    expect(own.card).not.toBeNull();
    expect(own.issuedAt).not.toBeNull();
    for (const attempt of [
      () =>
        passOf(t.db, {
          personId: secretary.personId,
          scopePath: hengjing.unitPath,
          role: hengjing.role,
        }),
      () => revokePass(t.db, { actor: hengjing, personId: secretary.personId }),
      () => reissuePass(t.db, { actor: hengjing, personId: secretary.personId }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Passes issued by 横泾 are its own person's; his are untouched.
    await reissuePass(t.db, { actor: hengjing, personId: theirs.id });
    expect(await passRows(secretary.personId)).toEqual(passesBefore);
    // Audit entries of 横泾's import and pass are filed under 横泾.
    const entries = await t.db
      .selectFrom("audit_log")
      .select(["action", "unit_path"])
      .where("actor_username", "=", hengjing.username)
      .execute();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.unit_path!.startsWith(hengjing.unitPath)).toBe(true);
  });

  it("a cadre created with a 香山 法律明白人's phone and name, then edited, leaves 香山's roster as it was", async () => {
    const member = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.id", "person.name", "person.phone"])
      .where("legal_savvy.status", "=", "active")
      .orderBy("legal_savvy.id")
      .executeTakeFirstOrThrow();
    const hjSub = await unitId(t.db, "横泾街道");
    const cadre = await addCadre(t.db, {
      actor: hengjing,
      cadre: cadreInput({ name: member.name, phone: member.phone!, unitId: hjSub }),
    });
    await updateCadre(t.db, {
      actor: hengjing,
      id: cadre.id,
      cadre: cadreInput({ name: "改过的名字", phone: "13988887777", unitId: hjSub }),
    });
    const after = await t.db
      .selectFrom("person")
      .select(["name", "phone"])
      .where("id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ name: member.name, phone: member.phone });
  });

  it("an official of 横泾 reads nothing of 香山's people", async () => {
    const secretary = await xiangshanCadre("党工委书记");
    await expect(
      passOf(t.db, {
        personId: secretary.personId,
        scopePath: hengjingOfficial.unitPath,
        role: hengjingOfficial.role,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("inside one sub-district", () => {
  it("舟山村 adding the director's phone and name gets a person of its own, not his pass", async () => {
    const director = await xiangshanCadre("办事处主任");
    const passes = await passRows(director.personId);
    const added = await addLearner(t.db, {
      actor: zhoushanOrganiser,
      learner: learnerInput(director.name, director.phone!, await unitId(t.db, "舟山村")),
    });
    const entry = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("id", "=", added.id)
      .executeTakeFirstOrThrow();
    expect(entry.person_id).not.toBe(director.personId);
    await expect(
      passOf(t.db, {
        personId: director.personId,
        scopePath: zhoushanOrganiser.unitPath,
        role: zhoushanOrganiser.role,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await passRows(director.personId)).toEqual(passes);
  });

  it("a village cannot rename a person whom the sub-district also lists as a cadre", async () => {
    // The sub-district makes a cadre of a 舟山村 法律明白人: its list points down at the person.
    const member = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit", "admin_unit.id", "legal_savvy.village_id")
      .select([
        "legal_savvy.id",
        "person.id as personId",
        "person.name",
        "person.phone",
        "legal_savvy.village_id",
        "legal_savvy.category",
      ])
      .where("admin_unit.name", "=", "舟山村")
      .where("admin_unit.path", "like", `${organiser.unitPath}%`)
      .where("legal_savvy.status", "=", "active")
      .orderBy("legal_savvy.id", "desc")
      .executeTakeFirstOrThrow();
    const cadre = await addCadre(t.db, {
      actor: organiser,
      cadre: cadreInput({
        name: member.name,
        phone: member.phone!,
        unitId: await unitId(t.db, "香山街道"),
      }),
    });
    const linked = await t.db
      .selectFrom("cadre")
      .select("person_id")
      .where("id", "=", cadre.id)
      .executeTakeFirstOrThrow();
    expect(linked.person_id).toBe(member.personId);
    await expect(
      updateLearner(t.db, {
        actor: zhoushanOrganiser,
        id: member.id,
        learner: {
          name: "另一个名字",
          phone: member.phone!,
          villageId: member.village_id,
          category: member.category,
          recognisedOn: null,
          certificateNo: null,
          adviser: null,
        },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "roster.heldAbove" });
    const after = await t.db
      .selectFrom("person")
      .select("name")
      .where("id", "=", member.personId)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe(member.name);
  });
});

describe("no answer tells anything about a phone", () => {
  it("2,000 phones and names held by 香山 answer 横泾's import exactly as 2,000 never seen", async () => {
    // Every 香山 phone (once) that 横泾 has not typed itself in the tests above, and more 香山
    // 法律明白人 until there are 2,000.
    const own = await t.db
      .selectFrom("person")
      .innerJoin("admin_unit", "admin_unit.id", "person.unit_id")
      .select("person.phone")
      .where("admin_unit.path", ">=", hengjing.unitPath)
      .where("admin_unit.path", "<", `${hengjing.unitPath.slice(0, -1)}0`)
      .execute();
    const taken = new Set(own.map((p) => p.phone));
    const held: { name: string; phone: string | null }[] = [];
    for (const p of await t.db
      .selectFrom("person")
      .innerJoin("admin_unit", "admin_unit.id", "person.unit_id")
      .select(["person.name", "person.phone"])
      .where("person.phone", "is not", null)
      .where("admin_unit.path", ">=", organiser.unitPath)
      .where("admin_unit.path", "<", `${organiser.unitPath.slice(0, -1)}0`)
      .orderBy("person.id")
      .execute()) {
      if (held.length < 2000 && !taken.has(p.phone)) held.push(p);
      taken.add(p.phone);
    }
    const zhoushan = await unitId(t.db, "舟山村");
    for (let i = held.length; i < 2000; i++) {
      const phone = `136${String(10_000_000 + i).padStart(8, "0")}`;
      const name = `香山人${i}`;
      await addLearner(t.db, {
        actor: organiser,
        learner: {
          name,
          phone,
          villageId: zhoushan,
          category: "mediator",
          recognisedOn: null,
          certificateNo: null,
          adviser: null,
        },
      });
      held.push({ name, phone });
    }
    expect(held.length).toBe(2000);
    // Half keep their stored name, half come with another: a typo of a known phone is what
    // told the stored name before.
    const typed = held.map((p, i) => ({ name: i % 2 ? p.name : `新名${i}`, phone: p.phone! }));
    const never = typed.map((p, i) => ({
      name: p.name,
      phone: `135${String(20_000_000 + i).padStart(8, "0")}`,
    }));
    const rowsOf = (people: { name: string; phone: string }[]) =>
      people.map((p, i) => importRow(i + 2, p.name, p.phone, "上林村"));
    const known = await previewImport(t.db, { actor: hengjing, rows: rowsOf(typed) });
    const fresh = await previewImport(t.db, { actor: hengjing, rows: rowsOf(never) });
    const shape = (preview: typeof known) =>
      preview.rows.map(({ line, name, outcome, problems }) => ({ line, name, outcome, problems }));
    expect(shape(known)).toEqual(shape(fresh));
    expect(known.rows.every((row) => row.outcome === "new")).toBe(true);
    // Each row says back only what the file said: the name typed, no problem, so the stored
    // names behind the renamed half appear nowhere.
    expect(known.rows.map((row) => row.name)).toEqual(typed.map((p) => p.name));
    expect(known.rows.flatMap((row) => row.problems)).toEqual([]);
    // The confirmation adds 2,000 people of 横泾's own and changes none of 香山's.
    const before = await t.db
      .selectFrom("person")
      .select(["id", "name", "phone", "unit_id"])
      .where(
        "phone",
        "in",
        held.slice(0, 500).map((p) => p.phone!),
      )
      .orderBy("id")
      .execute();
    const done = await commitImport(t.db, { actor: hengjing, rows: rowsOf(typed) });
    expect(done).toEqual({ added: 2000, updated: 0 });
    const after = await t.db
      .selectFrom("person")
      .select(["id", "name", "phone", "unit_id"])
      .where(
        "id",
        "in",
        before.map((p) => p.id),
      )
      .orderBy("id")
      .execute();
    expect(after).toEqual(before);
  }, 120_000);

  it("the add, cadre and invitation forms answer a 香山 phone as they answer one never seen", async () => {
    const secretary = await xiangshanCadre("党工委书记");
    const shanglin = await unitId(t.db, "上林村");
    const hjSub = await unitId(t.db, "横泾街道");
    const outcomes = [];
    for (const phone of [secretary.phone!, "13512345678"]) {
      const learner = await addLearner(t.db, {
        actor: hengjing,
        learner: {
          name: secretary.name,
          phone,
          villageId: shanglin,
          category: "mediator",
          recognisedOn: null,
          certificateNo: null,
          adviser: null,
        },
      }).then(
        () => "added",
        (error: { code?: string }) => error.code,
      );
      const cadre = await addCadre(t.db, {
        actor: hengjing,
        cadre: cadreInput({ name: `${secretary.name}`, phone, unitId: hjSub }),
      }).then(
        () => "added",
        (error: { code?: string }) => error.code,
      );
      const input = await eventInput(t.db, {
        hostUnitId: hjSub,
        villageId: null,
        visibility: "internal",
        invitees: [{ name: secretary.name, phone }],
      });
      const event = await createEvent(t.db, { actor: hengjing, event: input, publish: true });
      const invited = await t.db
        .selectFrom("event_invitation")
        .innerJoin("person", "person.id", "event_invitation.person_id")
        .select(["person.unit_id", "person.id"])
        .where("event_invitation.event_id", "=", event.id)
        .executeTakeFirstOrThrow();
      expect(invited.id).not.toBe(secretary.personId);
      const owner = await t.db
        .selectFrom("admin_unit")
        .select("path")
        .where("id", "=", invited.unit_id)
        .executeTakeFirstOrThrow();
      expect(owner.path.startsWith(hengjing.unitPath)).toBe(true);
      outcomes.push({ learner, cadre });
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
  });
});

describe("passes and moves across the line of the tree", () => {
  it("a 香山 pass, valid or revoked, is unknown at 横泾's door", async () => {
    const hjSub = await unitId(t.db, "横泾街道");
    const door = await createEvent(t.db, {
      actor: hengjing,
      publish: true,
      event: await eventInput(t.db, {
        title: "横泾 门口",
        hostUnitId: hjSub,
        villageId: hjZhoushan.id,
        visibility: "public",
        invitees: [],
      }),
    });
    const holder = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("status", "=", "active")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await reissuePass(t.db, { actor: organiser, personId: holder.person_id });
    const valid = (await activeCode(t.db, holder.person_id))!;
    expect(await scanPass(t.db, { actor: hengjing, eventId: door.id, text: valid })).toEqual({
      kind: "unknown",
    });
    await revokePass(t.db, { actor: organiser, personId: holder.person_id });
    expect(await scanPass(t.db, { actor: hengjing, eventId: door.id, text: valid })).toEqual({
      kind: "unknown",
    });
  });

  it("a district organiser cannot move a 香山 cadre's 法律明白人 entry to 横泾, and nothing moves", async () => {
    const admin = await demoActor(t.db, "admin");
    const member = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("cadre", "cadre.person_id", "person.id")
      .select([
        "legal_savvy.id",
        "person.id as personId",
        "person.name",
        "person.phone",
        "person.unit_id",
        "legal_savvy.village_id",
      ])
      .where("cadre.unit_id", "=", await unitId(t.db, "香山街道"))
      .orderBy("legal_savvy.id")
      .executeTakeFirstOrThrow();
    await expect(
      updateLearner(t.db, {
        actor: admin,
        id: member.id,
        learner: learnerInput(member.name, member.phone!, hjZhoushan.id),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "roster.heldElsewhere" });
    const after = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["legal_savvy.village_id", "person.unit_id"])
      .where("legal_savvy.id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ village_id: member.village_id, unit_id: member.unit_id });
  });

  it("moving a cadre to a unit that already has their phone and name is refused beside the phone", async () => {
    const shanglin = await unitId(t.db, "上林村");
    const phone = "13911112222";
    await addLearner(t.db, {
      actor: hengjing,
      learner: {
        name: "重名人",
        phone,
        villageId: shanglin,
        category: "mediator",
        recognisedOn: null,
        certificateNo: null,
        adviser: null,
      },
    });
    const cadre = await addCadre(t.db, {
      actor: hengjing,
      cadre: cadreInput({ name: "重名人", phone, unitId: hjZhoushan.id }),
    });
    await expect(
      updateCadre(t.db, {
        actor: hengjing,
        id: cadre.id,
        cadre: cadreInput({ name: "重名人", phone, unitId: shanglin }),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "study.form.personTaken" });
  });
});
