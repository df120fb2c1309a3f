import type { DestinationStream, Logger } from "pino";
import { pino } from "pino";

// One JSON line per request (and per unexpected error), written by the HTTP edge.

export type Log = Logger;

/**
 * A logger writing JSON lines to `destination`, standard output unless a test hands it a stream
 * it reads. Lines are written synchronously: a worker that dies loses none, and several workers
 * sharing one standard output never interleave within a line (each line is one write).
 */
export function createLog(destination: DestinationStream = pino.destination({ dest: 1 })): Log {
  return pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

let shared: Log | undefined;
/** The process's own logger, made when first asked for. */
export const processLog = () => (shared ??= createLog());
