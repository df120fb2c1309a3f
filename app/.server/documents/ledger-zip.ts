import { Readable, finished } from "node:stream";
import { ZipFile } from "yazl";

// The year's 台账 as a zip, streamed as it is built. The server holds the plan (names, ids) and
// a file or two at a time, never the zip: its memory is bounded by the largest files (a Word
// record with its photos), not by the year. A file is built only once yazl has taken the one
// before (as fast as the reader takes the zip), and added to the zip only once built: a photo
// deleted since the plan is left out, not a broken download after its 200. The index is therefore written last, from what the
// zip holds; its name ("00-目录.xlsx") puts it first in every listing.

/** A file of the zip as the index lists it: its folder, its name, what it is. */
export type LedgerEntry = { folder: string; name: string; what: string };

/** A file of the plan and how to make it; null when what it held is gone since the plan. */
export type LedgerFile = LedgerEntry & { build: () => Promise<Buffer | Readable | null> };

/** What the zip holds: the index, the files in order, and the index's workbook of a listing. */
export type LedgerPlan = {
  index: LedgerEntry;
  files: LedgerFile[];
  buildIndex: (written: LedgerEntry[]) => Promise<Buffer>;
};

const pathOf = (file: LedgerEntry) => (file.folder ? `${file.folder}/${file.name}` : file.name);

/**
 * Adds one file to the zip, settled once yazl has taken all of it (it reads a file only as fast
 * as the reader takes the zip), or once the reader has gone (`gone`).
 */
function addFile(
  zip: ZipFile,
  file: { path: string; body: Buffer | Readable; mtime: Date },
  gone: Promise<void>,
) {
  const { body } = file;
  const stream = Buffer.isBuffer(body) ? Readable.from([body], { objectMode: false }) : body;
  const taken = new Promise<void>((resolve, reject) => {
    finished(stream, (error) => (error ? reject(error) : resolve()));
  });
  zip.addReadStreamLazy(file.path, { mtime: file.mtime, compress: false }, (done) =>
    done(null, stream),
  );
  return Promise.race([taken, gone.then(() => void stream.destroy())]);
}

/**
 * The plan's files as a zip written as the reader takes it. Files are stored, not deflated: JPEG,
 * .docx and .xlsx are compressed already. yazl marks every name as UTF-8 (general purpose bit
 * 11), which Windows' Explorer, macOS and unzip read. An error while building ends the download
 * (the reader sees it cut); a reader who goes away stops the building.
 */
export function ledgerZip(plan: LedgerPlan, mtime: Date) {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  let closed = false;
  const gone = new Promise<void>((resolve) =>
    output.once("close", () => {
      closed = true;
      resolve();
    }),
  );
  const write = async () => {
    const written: LedgerEntry[] = [];
    for (const file of plan.files) {
      if (closed) return;
      const body = await file.build();
      if (body === null || closed) continue;
      written.push(file);
      await addFile(zip, { path: pathOf(file), body, mtime }, gone);
    }
    if (closed) return;
    const index = await plan.buildIndex(written);
    await addFile(zip, { path: pathOf(plan.index), body: index, mtime }, gone);
    zip.end();
  };
  zip.on("error", (error: Error) => output.destroy(error));
  write().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
