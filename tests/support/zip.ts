import { crc32, deflateRawSync } from "node:zlib";

// Zip files written byte by byte, so a test can make one lie: declare a size it does not have,
// stop halfway, or hold another zip. Built on node:zlib's deflate; no fixture is committed.

export type ZipPart = {
  name: string;
  data: Uint8Array | string;
  /** The uncompressed size the directory declares, when it should not tell the truth. */
  declaredSize?: number;
  /** Stored rather than deflated. */
  stored?: boolean;
  /** `data` is deflated already (a bomb built as a stream): its CRC and declared size. */
  preDeflated?: { crc: number; size: number };
};

const bytesOf = (data: Uint8Array | string) =>
  typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);

/** A zip of the parts, in order, with a central directory as JSZip and Excel expect. */
export function zip(parts: ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const raw = bytesOf(part.data);
    const packed = part.stored || part.preDeflated ? raw : deflateRawSync(raw, { level: 9 });
    const name = Buffer.from(part.name, "utf8");
    const size = part.preDeflated?.size ?? part.declaredSize ?? raw.length;
    const crc = part.preDeflated?.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(part.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
