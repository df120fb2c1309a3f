// The table of contents of an uploaded zip (an XLSX file is one), read from its central directory
// without inflating a byte. What it declares bounds the work before any parser sees the file; the
// worker then holds every entry to its declared size while inflating (table-worker.js).

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated: nothing else is read. */
  method: 0 | 8;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's compressed bytes start in the file (after its local header). */
  dataOffset: number;
};

export type ZipLimits = { entries: number; uncompressedBytes: number };

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[]; uncompressedBytes: number }
  /** unreadable: not a whole zip; tooBig: unpacks to too much; unsafe: holds what a sheet never does. */
  | { ok: false; reason: "unreadable" | "tooBig" | "unsafe" };

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const END_SIZE = 22;
/** Archives an archive may hide: an XLSX never needs one to hold a roster. */
const NESTED_ARCHIVE = /\.(zip|xlsx|xlsm|xlsb|xltx|docx|pptx|jar|7z|rar|gz|tgz|bz2|xz|zst)$/i;

/**
 * Reads the central directory like JSZip (which exceljs uses) does, and refuses what would make
 * the two readings differ: bytes before the first entry, ZIP64, a count that does not match.
 */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipDirectory {
  const unreadable = { ok: false, reason: "unreadable" } as const;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The last signature anywhere, as JSZip looks for it: one in a trailing comment would be its
  // end record, so it must be ours, and whole.
  let end = -1;
  for (let at = bytes.length - 4; at >= 0; at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0 || end + END_SIZE > bytes.length) return unreadable;
  const disk = view.getUint16(end + 4, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // 0xffff and 0xffffffff mark ZIP64, which no 1 MB roster needs.
  if (disk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) return unreadable;
  if (count > limits.entries) return { ok: false, reason: "unsafe" };
  if (directoryOffset + directorySize !== end) return unreadable;

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  const names = new TextDecoder("utf-8");
  while (at + 46 <= end && view.getUint32(at, true) === CENTRAL_SIGNATURE) {
    if (entries.length === count) return unreadable;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) return unreadable;
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // Bit 0: encrypted. Any other method than stored or deflated: nothing we read.
    if (flags & 1 || (method !== 0 && method !== 8)) return unreadable;
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) return unreadable;
    if (NESTED_ARCHIVE.test(name)) return { ok: false, reason: "unsafe" };
    if (
      localOffset + 30 > directoryOffset ||
      view.getUint32(localOffset, true) !== LOCAL_SIGNATURE
    ) {
      return unreadable;
    }
    const dataOffset =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > directoryOffset) return unreadable;
    if (method === 0 && compressedSize !== uncompressedSize) return unreadable;
    total += uncompressedSize;
    if (total > limits.uncompressedBytes) return { ok: false, reason: "tooBig" };
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
    at = next;
  }
  if (entries.length !== count || at !== end) return unreadable;
  return { ok: true, entries, uncompressedBytes: total };
}
