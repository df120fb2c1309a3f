import type { ServerBuild } from "@remix-run/node";
import { now } from "../clock";
import { db } from "../db";
import { env } from "../env";
import { runPurge } from "../privacy/purge";
import { refreshReach } from "../reach/rollup";
import { closeDatabase } from "../startup";
import type { Log } from "./log";
import { processLog } from "./log";
import { createServer } from "./server";

/** How long the requests in flight may take to finish once the server is told to stop. */
const DRAIN_MS = 8_000;
/** And closing the database after them: the whole stop stays within 10 s. */
const CLOSE_MS = 1_000;
/** How often each server brings the reach roll-ups up to date (a dashboard also does, to read). */
const REFRESH_MS = 60_000;

/** Refreshes the reach roll-ups every REFRESH_MS, one run at a time; returns how to stop it. */
function refreshEveryMinute(log: Log) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= refreshReach(db, now())
      .catch((error: unknown) => log.error({ err: error }, "refreshing the reach roll-ups"))
      .finally(() => (running = undefined));
  }, REFRESH_MS).unref();
  return () => clearInterval(timer);
}

/** How often each server asks whether the day's purge is due (one server a day runs it). */
const PURGE_CHECK_MS = 60 * 60_000;

/**
 * Asks every PURGE_CHECK_MS, and once a minute after start, whether the daily retention purge
 * is due; the lease lets one server a day run it. Logs counts only. Returns how to stop it.
 */
function purgeDaily(log: Log) {
  let running: Promise<unknown> | undefined;
  const check = () => {
    running ??= runPurge(db, {
      now: () => new Date(),
      retentionDays: env.RETENTION_DAYS,
      daily: true,
    })
      .then((run) => run.ran && log.info({ purge: run.counts }, "purged expired personal data"))
      .catch((error: unknown) => log.error({ err: error }, "purging expired personal data"))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(check, REFRESH_MS).unref();
  const timer = setInterval(check, PURGE_CHECK_MS).unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/**
 * Serves the build on PORT and HOST. Resolves once it listens, with `stop`: no new connection
 * is taken, the requests in flight finish (those still running after DRAIN_MS are cut), then the
 * database pool closes. Rejects when it cannot listen (the port is taken, say).
 */
export function listen(input: { build: ServerBuild; root: string; log?: Log }) {
  const log = input.log ?? processLog();
  const { server, drain } = createServer({ ...input, log });
  return new Promise<{ stop: () => Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => {
      server.off("error", reject);
      const stopRefreshing = refreshEveryMinute(log);
      const stopPurging = env.PURGE_SCHEDULE ? purgeDaily(log) : () => undefined;
      let stopping: Promise<void> | undefined;
      const stop = async () => {
        stopRefreshing();
        stopPurging();
        const cut = setTimeout(() => {
          log.error(`stopping: requests still running after ${DRAIN_MS} ms were cut`);
          server.closeAllConnections();
        }, DRAIN_MS);
        await drain();
        clearTimeout(cut);
        await Promise.race([
          closeDatabase().catch((error: unknown) => log.error({ err: error }, "closing database")),
          new Promise((done) => setTimeout(done, CLOSE_MS).unref()),
        ]);
      };
      resolve({ stop: () => (stopping ??= stop()) });
    });
  });
}
