// What the benchmarks read of other processes, from Linux's /proc: the CPU time of a server and
// its workers, and of a PostgreSQL server and all its backends. Plain JavaScript, so that both
// `node tests/bench/checkin.js` and the TypeScript benchmarks run through vite-node use it.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import pg from "pg";

/**
 * A process and its descendants (node:cluster workers, PostgreSQL backends).
 * @param {number} pid
 * @returns {number[]}
 */
export function processTree(pid) {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [pid];
  const children = readdirSync(tasks).flatMap((tid) => {
    try {
      return readFileSync(`${tasks}/${tid}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number);
    } catch {
      return []; // a thread that ended while we read
    }
  });
  return [pid, ...children.flatMap(processTree)];
}

/**
 * CPU time in ms of a process tree (ticks of 10 ms), or null when the process is gone. With
 * `reaped`, the time of children that have exited and been waited for counts too: PostgreSQL
 * backends come and go. Per unit of work it is the figure that holds when other work shares the
 * cores and throughput does not.
 * @param {number} pid
 * @param {boolean} [reaped]
 * @returns {number | null}
 */
export function cpuMs(pid, reaped = false) {
  if (!existsSync(`/proc/${pid}/stat`)) return null;
  let total = 0;
  for (const id of processTree(pid)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${id}/stat`, "utf8");
    } catch {
      continue; // ended while we read
    }
    const fields = stat.split(") ")[1].split(" ");
    total += (Number(fields[11]) + Number(fields[12])) * 10;
    if (reaped && id === pid) total += (Number(fields[13]) + Number(fields[14])) * 10;
  }
  return total;
}

/**
 * The postmaster of the PostgreSQL server at `url`: the parent of a backend, read while that
 * backend is still there (it ends with the connection).
 * @param {string} url
 * @returns {Promise<number>}
 */
export async function postmasterPid(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("select pg_backend_pid() as pid");
    const status = readFileSync(`/proc/${rows[0].pid}/status`, "utf8");
    return Number(/^PPid:\s+(\d+)/m.exec(status)[1]);
  } finally {
    await client.end();
  }
}
