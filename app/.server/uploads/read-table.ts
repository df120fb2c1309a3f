// Reading an uploaded table (XLSX or CSV) at a bounded cost. Cheap checks run here, on bytes the
// request already holds and without inflating anything: the zip's central directory (entries,
// declared sizes), a CSV's line count. What passes is read by table-worker.js in a worker thread
// with its own small heap and a deadline; at most two run at once in a process, a third waits a
// moment and is then told the server is busy. Whatever the file does, the thread that serves
// everyone else only ever holds the upload itself and the rows that come back.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
// The worker runs from its text; the type-only import puts it in the typecheck.
import type * as _checked from "./table-worker.js";
import workerSource from "./table-worker.js?raw";
import type { ZipEntry } from "./zip-directory";
import { readZipDirectory } from "./zip-directory";

/**
 * Far above any roster (2,000 rows by 7 columns unpack to about 0.75 MB of XML in 16 parts)
 * and far below what hurts: a bomb is refused before it unpacks.
 */
export const TABLE_LIMITS = {
  /** Bytes all entries of an XLSX unpack to, as declared and then as inflated. */
  uncompressedBytes: 20 * 1024 * 1024,
  /** A saved workbook has 10 to 30 parts. */
  entries: 100,
  /** The last row number a sheet may use, and a CSV's lines (blank ones included). */
  rows: 10_000,
  columns: 100,
  /** Cells written in all sheets: a full roster is 14,000. */
  cells: 100_000,
  sharedStrings: 100_000,
  /**
   * The worker's heap. A full roster (2,000 rows) reads in 32 MB, a sheet at the limits above
   * (100,000 cells, 10 MB of XML) in 64 MB; two workers add at most about 250 MB to the process.
   */
  heapMb: 96,
  /**
   * A full roster takes 2 to 4 s, a sheet at the limits about 5 s, on two cores shared with
   * other work; the deadline is a backstop behind the limits above, so it leaves room.
   */
  timeMs: 20_000,
  /** Workers reading at once in one process, and how long another upload waits for one. */
  workers: 2,
  waitMs: 3_000,
  waiting: 8,
};

export type TableLimits = Pick<typeof TABLE_LIMITS, "rows" | "columns" | "cells" | "sharedStrings">;

/** What the caller wants read: header texts (any language) naming columns, and its bounds. */
export type TableSpec = {
  headers: [text: string, column: string][];
  required: string[];
  maxRows: number;
  cellChars: number;
};

/** What table-worker.js receives. */
export type TableJob = TableSpec & {
  limits: TableLimits;
  modules: { exceljs: string; csvParse: string };
} & ({ kind: "xlsx"; bytes: Uint8Array; entries: ZipEntry[] } | { kind: "csv"; bytes: Uint8Array });

export type TableRefusal =
  | "unreadableXlsx"
  | "xlsxTooBig"
  | "xlsxUnsafe"
  /** Neither UTF-8 nor GB18030 (GBK). */
  | "unknownEncoding"
  /** An Excel 97-2003 workbook (.xls), which nothing here reads. */
  | "xls"
  /** Excel's "Unicode text": UTF-16, tab-separated. */
  | "utf16"
  | "badCsv"
  | "csvColumns"
  | "sheetTooBig"
  | "empty"
  | "missingColumns"
  | "tooManyRows"
  /** The worker ran out of its heap or its time. */
  | "tooCostly"
  /** Every worker was busy for the whole wait. */
  | "busy";

export type TableOutcome =
  | { ok: true; rows: ({ line: number } & Record<string, string | number>)[] }
  | { ok: false; reason: TableRefusal };

const resolve = createRequire(import.meta.url).resolve;
let modules: TableJob["modules"] | undefined;
/** Absolute URLs: a module loaded from a data: URL resolves nothing relative to itself. */
const moduleUrls = () =>
  (modules ??= {
    exceljs: pathToFileURL(resolve("exceljs")).href,
    csvParse: pathToFileURL(resolve("csv-parse/sync")).href,
  });
const workerUrl = new URL(`data:text/javascript,${encodeURIComponent(workerSource)}`);

let running = 0;
const queue: (() => void)[] = [];

/** A worker slot, or false when none freed up within the wait (or too many already wait). */
function takeSlot(): Promise<boolean> {
  if (running < TABLE_LIMITS.workers) {
    running++;
    return Promise.resolve(true);
  }
  if (queue.length >= TABLE_LIMITS.waiting) return Promise.resolve(false);
  return new Promise((done) => {
    const wake = () => {
      clearTimeout(timer);
      done(true);
    };
    const timer = setTimeout(() => {
      queue.splice(queue.indexOf(wake), 1);
      done(false);
    }, TABLE_LIMITS.waitMs);
    queue.push(wake);
  });
}

/** Hands the slot to the next in line, who then counts as running. */
function releaseSlot() {
  const next = queue.shift();
  if (next) next();
  else running--;
}

/** Workers alive now, for tests that check none is left behind. */
export const tableWorkersRunning = () => running;

function runWorker(job: TableJob, limits: typeof TABLE_LIMITS): Promise<TableOutcome> {
  return new Promise((done) => {
    const worker = new Worker(workerUrl, {
      workerData: job,
      env: {},
      resourceLimits: {
        maxOldGenerationSizeMb: limits.heapMb,
        maxYoungGenerationSizeMb: 16,
        codeRangeSizeMb: 16,
        stackSizeMb: 4,
      },
    });
    // A reading in progress does not hold up the server's shutdown.
    worker.unref();
    let outcome: TableOutcome = { ok: false, reason: "tooCostly" };
    const deadline = setTimeout(() => void worker.terminate(), limits.timeMs);
    worker.once("message", (message: TableOutcome) => (outcome = message));
    // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or a parser's own crash: the file is refused, and
    // what is not a limit is logged for us to look at.
    worker.once("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") return;
      // Its stack names the worker by its whole data: URL.
      const stack = String(error.stack).replaceAll(workerUrl.href, "table-worker.js");
      console.error(`table worker failed: ${stack}`);
    });
    worker.once("exit", () => {
      clearTimeout(deadline);
      done(outcome);
    });
  });
}

const zipRefusals = {
  unreadable: "unreadableXlsx",
  tooBig: "xlsxTooBig",
  unsafe: "xlsxUnsafe",
} as const satisfies Record<string, TableRefusal>;

/** CR alone ends lines too (csv-parse detects it), so the larger count bounds the records. */
function lineCount(bytes: Uint8Array) {
  let lf = 0;
  let cr = 0;
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at] === 10) lf++;
    else if (bytes[at] === 13) cr++;
  }
  return Math.max(lf, cr);
}

/** An OLE2 compound file: the Excel 97-2003 .xls (and old .doc) container. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What an upload is, by its first bytes. */
export function sniffTable(bytes: Uint8Array): "xlsx" | "xls" | "utf16" | "csv" {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "xlsx";
  if (OLE2.every((byte, at) => bytes[at] === byte)) return "xls";
  // A byte-order mark of UTF-16, or a NUL byte, which no UTF-8 or GBK text holds.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return "utf16";
  }
  if (bytes.subarray(0, 4096).includes(0)) return "utf16";
  return "csv";
}

/**
 * The rows of an uploaded table: XLSX by its zip signature, else CSV in UTF-8 or GBK; an .xls
 * workbook and UTF-16 text are refused by their first bytes, with a hint to save as XLSX. The first row that
 * holds anything names the columns by `spec.headers`; a file that breaks a limit, cannot be
 * read, lacks a required column or holds too many rows is refused whole, with the reason.
 */
export async function readTable(
  bytes: Uint8Array,
  spec: TableSpec,
  /** Tests shrink the heap or the time to see a worker die; the slots stay as they are. */
  limits = TABLE_LIMITS,
): Promise<TableOutcome> {
  let job: TableJob;
  const kind = sniffTable(bytes);
  if (kind === "xls" || kind === "utf16") return { ok: false, reason: kind };
  if (kind === "xlsx") {
    const zip = readZipDirectory(bytes, limits);
    if (!zip.ok) return { ok: false, reason: zipRefusals[zip.reason] };
    job = { ...spec, limits, modules: moduleUrls(), kind: "xlsx", bytes, entries: zip.entries };
  } else {
    if (lineCount(bytes) > limits.rows) return { ok: false, reason: "sheetTooBig" };
    job = { ...spec, limits, modules: moduleUrls(), kind: "csv", bytes };
  }
  if (!(await takeSlot())) return { ok: false, reason: "busy" };
  try {
    return await runWorker(job, limits);
  } finally {
    releaseSlot();
  }
}
