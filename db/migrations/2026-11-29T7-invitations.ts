import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.
//
// An internal event's invitation list holds people, not loose (phone, name) lines: editing the
// list then keeps who came and why others did not, and a person's study record can count the
// sessions they were invited to. Each line becomes the person with that phone and name (added,
// as a cadre, when there is none), and the old table goes.

export async function up(db: Kysely<any>): Promise<void> {
  const stamp = new Date().toISOString();
  await sql`insert into person (phone, name, audience_group, created_at, updated_at)
    select distinct i.phone, i.name, 'cadre', ${stamp}, ${stamp}
    from event_invitee i
    where not exists (select 1 from person p where p.phone = i.phone and p.name = i.name)`.execute(
    db,
  );
  await sql`insert into event_invitation (event_id, person_id, added_at)
    select i.event_id, p.id, ${stamp}
    from event_invitee i inner join person p on p.phone = i.phone and p.name = i.name`.execute(db);
  await db.schema.dropTable("event_invitee").execute();
}

/**
 * Back to lines of phone and name, unique per event and phone: invited people without a phone
 * cannot be written as a line and are left out, and of two invited people sharing one phone the
 * name that sorts first is kept.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("event_invitee")
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("phone", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("event_invitee_pk", ["event_id", "phone"])
    .execute();
  await sql`insert into event_invitee (event_id, phone, name)
    select i.event_id, p.phone, min(p.name)
    from event_invitation i inner join person p on p.id = i.person_id
    where p.phone is not null
    group by i.event_id, p.phone`.execute(db);
  await sql`delete from event_invitation`.execute(db);
}
