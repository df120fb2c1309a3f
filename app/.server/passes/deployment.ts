import type { Db } from "../db";
import { newDeploymentId } from "./code";

// This installation's own id, in every pass QR: a card of another installation (a neighbouring
// district's) is then recognised as such instead of answering "unknown". Made once on first use
// and kept in app_meta, like the demo's cookie secret; it never changes, or every card printed
// would become foreign.

const KEY = "deployment_id";
const known = new WeakMap<object, Promise<string>>();

async function loadDeploymentId(db: Db) {
  // Several processes may ask at once: the first insert wins and everyone reads the winner.
  await db
    .insertInto("app_meta")
    .values({ key: KEY, value: newDeploymentId() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", KEY)
    .executeTakeFirstOrThrow();
  return row.value;
}

/** The id, read once per database handle. */
export function deploymentId(db: Db) {
  let id = known.get(db);
  if (!id) {
    id = loadDeploymentId(db);
    id.catch(() => known.delete(db));
    known.set(db, id);
  }
  return id;
}
