import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Every person row belongs to one admin unit (`person.unit_id`): the unit whose record first
 * named them. Rows are shared only downward: a unit's records (roster entries, cadres,
 * invitations) point at people of its own subtree, never at a sibling's or a parent's, so what
 * one sub-district (or one village) types never finds, shows or changes another's people. The
 * natural key becomes (unit, phone, name).
 *
 * Existing rows are given the deepest unit among the records that hold them. Where those records
 * do not lie on one line of the tree (two sub-districts, two villages), each further branch gets
 * a copy of the person and its records move to it, with the check-ins at the events of that
 * branch's office (or of a unit above it). Passes stay with the first branch.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable("person").addColumn("unit_id", "integer").execute();

  const paths = new Map<number, string>();
  const offices = new Map<number, string>();
  for (const unit of await db.selectFrom("admin_unit").select(["id", "path", "level"]).execute()) {
    paths.set(unit.id, unit.path);
    // A village's events belong to its sub-district's office.
    offices.set(unit.id, unit.level === "village" ? unit.path.replace(/[^/]+\/$/, "") : unit.path);
  }
  const root = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("parent_id", "is", null)
    .orderBy("id")
    .executeTakeFirst();

  type Held = { unit: number; kind: "roster" | "cadre" | "invitation"; key: number };
  const held = new Map<number, Held[]>();
  const hold = (person: number, record: Held) =>
    held.set(person, [...(held.get(person) ?? []), record]);
  for (const r of await db
    .selectFrom("legal_savvy")
    .select(["id", "person_id", "village_id"])
    .execute()) {
    hold(r.person_id, { unit: r.village_id, kind: "roster", key: r.id });
  }
  for (const c of await db.selectFrom("cadre").select(["id", "person_id", "unit_id"]).execute()) {
    hold(c.person_id, { unit: c.unit_id, kind: "cadre", key: c.id });
  }
  for (const i of await db
    .selectFrom("event_invitation")
    .innerJoin("event", "event.id", "event_invitation.event_id")
    .select(["event_invitation.event_id", "event_invitation.person_id", "event.host_unit_id"])
    .execute()) {
    hold(i.person_id, { unit: i.host_unit_id, kind: "invitation", key: i.event_id });
  }
  const hostsOf = new Map<number, number[]>();
  for (const h of await db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .select(["checkin.person_id", "event.host_unit_id"])
    .distinct()
    .execute()) {
    hostsOf.set(h.person_id, [...(hostsOf.get(h.person_id) ?? []), h.host_unit_id]);
  }

  const depth = (unit: number) => (paths.get(unit) ?? "/").length;
  const below = (owner: number, unit: number) =>
    (paths.get(owner) ?? "").startsWith(paths.get(unit) ?? "\0");

  const forks: {
    person: Record<string, unknown>;
    first: number | null;
    unit: number;
    records: Held[];
  }[] = [];
  for (const person of await db.selectFrom("person").selectAll().orderBy("id").execute()) {
    // Branches of the tree: the deepest unit first; a record joins the first branch it lies above.
    const branches: { owner: number; records: Held[] }[] = [];
    for (const record of [...(held.get(person.id) ?? [])].sort(
      (a, b) => depth(b.unit) - depth(a.unit),
    )) {
      const branch = branches.find((b) => below(b.owner, record.unit));
      if (branch) branch.records.push(record);
      else branches.push({ owner: record.unit, records: [record] });
    }
    const owner =
      branches[0]?.owner ?? commonUnit(hostsOf.get(person.id) ?? [], paths) ?? root?.id ?? null;
    await db.updateTable("person").set({ unit_id: owner }).where("id", "=", person.id).execute();
    for (const branch of branches.slice(1)) {
      forks.push({ person, first: owner, unit: branch.owner, records: branch.records });
    }
  }

  if (pg) {
    await sql`alter table person drop constraint person_phone_name`.execute(db);
    await sql`alter table person add constraint person_unit_phone_name
      unique (unit_id, phone, name)`.execute(db);
    await sql`alter table person alter column unit_id set not null`.execute(db);
    await sql`alter table person add constraint person_unit_id_fkey
      foreign key (unit_id) references admin_unit (id)`.execute(db);
  } else {
    await rebuildSqlitePerson(db, "unit");
  }
  await db.schema
    .createIndex("person_phone_name")
    .on("person")
    .columns(["phone", "name"])
    .execute();

  for (const fork of forks) {
    const { id, ...copy } = fork.person;
    const row = await db
      .insertInto("person")
      .values({ ...copy, unit_id: fork.unit })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const record of fork.records) {
      if (record.kind === "invitation") {
        await db
          .updateTable("event_invitation")
          .set({ person_id: row.id })
          .where("event_id", "=", record.key)
          .where("person_id", "=", id)
          .execute();
      } else {
        await db
          .updateTable(record.kind === "roster" ? "legal_savvy" : "cadre")
          .set({ person_id: row.id })
          .where("id", "=", record.key)
          .execute();
      }
    }
    // The check-ins at events of this branch (hosted by its office or a unit above, or by a
    // unit below it) go with it, unless the first branch could have held them as well.
    const reaches = (owner: number | null, host: number) => {
      const ownerPath = (owner !== null && paths.get(owner)) || "\0";
      const hostPath = paths.get(host) ?? "";
      return ownerPath.startsWith(offices.get(host) ?? "\0") || hostPath.startsWith(ownerPath);
    };
    const hosts = [...new Set(hostsOf.get(id as number) ?? [])].filter(
      (host) => reaches(fork.unit, host) && !reaches(fork.first, host),
    );
    if (hosts.length > 0) {
      await db
        .updateTable("checkin")
        .set({ person_id: row.id })
        .where("person_id", "=", id as number)
        .where(
          "event_id",
          "in",
          db.selectFrom("event").select("id").where("host_unit_id", "in", hosts),
        )
        .execute();
    }
  }
}

/** The deepest unit that is, or lies above, every one of these. */
function commonUnit(ids: number[], paths: Map<number, string>) {
  const all = ids.map((id) => (paths.get(id) ?? "").split("/").filter(Boolean));
  if (all.length === 0) return undefined;
  let common = all[0]!;
  for (const parts of all.slice(1)) {
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n += 1;
    common = common.slice(0, n);
  }
  const last = common.at(-1);
  return last === undefined ? undefined : Number(last);
}

/**
 * SQLite cannot drop a table constraint: the table is rebuilt with the key it should have, keeping
 * its ids. Foreign keys that point at it are checked at commit, after the rows are back.
 */
async function rebuildSqlitePerson(db: Kysely<any>, key: "unit" | "pair") {
  await sql`pragma defer_foreign_keys = on`.execute(db);
  await sql`create table person_copy as select * from person`.execute(db);
  await sql`drop table person`.execute(db);
  const columns = sql.raw(`id, phone, name, village_id, employer, audience_group, consent_version,
    consented_at, created_at, updated_at${key === "unit" ? ", unit_id" : ""}`);
  await sql`create table person (
    id integer primary key,
    phone text,
    name text not null,
    village_id integer references admin_unit (id),
    employer text,
    audience_group text not null,
    consent_version text,
    consented_at text,
    created_at text not null,
    updated_at text not null,
    ${sql.raw(
      key === "unit"
        ? "unit_id integer not null references admin_unit (id), constraint person_unit_phone_name unique (unit_id, phone, name)"
        : "constraint person_phone_name unique (phone, name)",
    )})`.execute(db);
  await sql`insert into person (${columns}) select ${columns} from person_copy`.execute(db);
  await sql`drop table person_copy`.execute(db);
}

/**
 * Back to one person per (phone, name), for db:reset going down to nothing: copies made for
 * other units are removed with what refers to them.
 */
export async function down(db: Kysely<any>): Promise<void> {
  const later = sql`select p.id from person p where p.phone is not null and exists (
    select 1 from person q where q.phone = p.phone and q.name = p.name and q.id < p.id)`;
  const savvy = sql`select id from legal_savvy where person_id in (${later})`;
  const cadres = sql`select id from cadre where person_id in (${later})`;
  await sql`delete from personal_link where legal_savvy_id in (${savvy})`.execute(db);
  await sql`delete from duty_entry where legal_savvy_id in (${savvy})`.execute(db);
  await sql`delete from law_duty_report where cadre_id in (${cadres})`.execute(db);
  for (const table of ["legal_savvy", "cadre", "event_invitation", "checkin", "pass"]) {
    await sql`delete from ${sql.table(table)} where person_id in (${later})`.execute(db);
  }
  await sql`delete from person where id in (${later})`.execute(db);
  await db.schema.dropIndex("person_phone_name").execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table person drop constraint person_unit_phone_name`.execute(db);
    await sql`alter table person add constraint person_phone_name unique (phone, name)`.execute(db);
    await db.schema.alterTable("person").dropColumn("unit_id").execute();
  } else {
    await rebuildSqlitePerson(db, "pair");
  }
}
