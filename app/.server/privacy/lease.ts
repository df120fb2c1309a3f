import type { Db } from "../db";

// A scheduled job runs on one server at a time, and a daily one once a day across all of them:
// each server asks for the job's lease row, and one upsert decides. On PostgreSQL a second
// server's upsert waits for the first's row lock and then finds the lease taken; SQLite has one
// writer at a time.

export type LeaseInput = {
  name: string;
  /** Who asks: a server's random id, or the command line's. */
  holder: string;
  now: Date;
  /** How long the lease holds unless renewed. */
  ttlMs: number;
  /** Taken only when the job last finished before this instant (a daily job: a day ago). */
  doneBefore?: Date;
};

/** Takes the job's lease when it is free (and the job is due); true when this holder has it. */
export async function takeLease(db: Db, input: LeaseInput) {
  const at = input.now.toISOString();
  const expires = new Date(input.now.getTime() + input.ttlMs).toISOString();
  const taken = await db
    .insertInto("job_lease")
    .values({ name: input.name, holder: input.holder, expires_at: expires, last_done_at: null })
    .onConflict((conflict) =>
      conflict
        .column("name")
        .doUpdateSet({ holder: input.holder, expires_at: expires })
        .where((eb) => {
          const free = eb("job_lease.expires_at", "<=", at);
          if (!input.doneBefore) return free;
          const due = input.doneBefore.toISOString();
          return eb.and([
            free,
            eb.or([
              eb("job_lease.last_done_at", "is", null),
              eb("job_lease.last_done_at", "<=", due),
            ]),
          ]);
        }),
    )
    .returning("holder")
    .executeTakeFirst();
  return taken?.holder === input.holder;
}

/** Holds the lease longer while the work goes on; false when it was lost (expired, taken). */
export async function renewLease(db: Db, input: Omit<LeaseInput, "doneBefore">) {
  const result = await db
    .updateTable("job_lease")
    .set({ expires_at: new Date(input.now.getTime() + input.ttlMs).toISOString() })
    .where("name", "=", input.name)
    .where("holder", "=", input.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Frees the lease; `done`: the work finished, so a daily job is not due again for a day. */
export async function releaseLease(
  db: Db,
  input: { name: string; holder: string; now: Date; done: boolean },
) {
  const at = input.now.toISOString();
  await db
    .updateTable("job_lease")
    .set(input.done ? { expires_at: at, last_done_at: at } : { expires_at: at })
    .where("name", "=", input.name)
    .where("holder", "=", input.holder)
    .execute();
}
