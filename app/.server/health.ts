import { sql } from "kysely";
import { migrations } from "../../db/migrations";
import { db } from "./db";
import { processLog } from "./http/log";

// What a load balancer asks: /healthz (the process answers) and /readyz (it can serve: the
// database answers, its schema is this build's, and the server is not stopping).

/** Longer than this and the database counts as unreachable: a balancer must not wait on us. */
const READY_TIMEOUT_MS = 2_000;

let stopping = false;
/** The server stops taking requests: a balancer should send no more. */
export function markStopping() {
  stopping = true;
}

export type Readiness = {
  ready: boolean;
  database: "ok" | "unreachable";
  migrations: "current" | "pending" | "unknown";
  stopping: boolean;
};

async function checkSchema(): Promise<Omit<Readiness, "ready" | "stopping">> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    const current = Object.keys(migrations).every((name) => applied.has(name));
    return { database: "ok", migrations: current ? "current" : "pending" };
  } catch (error) {
    processLog().error({ err: error }, "readiness: database unreachable");
    return { database: "unreachable", migrations: "unknown" };
  }
}

/** Whether this server can serve now; never takes much longer than READY_TIMEOUT_MS. */
export async function readiness(): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Omit<Readiness, "ready" | "stopping">>((done) => {
    timer = setTimeout(
      () => done({ database: "unreachable", migrations: "unknown" }),
      READY_TIMEOUT_MS,
    );
  });
  const schema = await Promise.race([checkSchema(), late]);
  clearTimeout(timer);
  const ready = schema.database === "ok" && schema.migrations === "current" && !stopping;
  return { ready, ...schema, stopping };
}
