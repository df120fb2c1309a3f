import { maskNumbersIn } from "../exports/mask-numbers";

/** Characters no file system takes in a name, and control characters: each becomes "_". */
const unsafeInName = /[\\/:*?"<>|\p{Cc}]/gu;

/** RFC 5987's encoding of a UTF-8 file name: encodeURIComponent leaves ' ( ) * ! as they are. */
export const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(
    /['()*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * A paper, an export or the year's 台账 as a download: an ASCII name for old clients and the
 * UTF-8 name (RFC 6266 `filename*`, Chinese) that browsers prefer, both safe to save as they are;
 * never cached, the file holds an office's records. The UTF-8 name carries an event's title or a
 * unit's name, so the numbers typed into it are masked as in the file (138____8000 once the
 * asterisks, which no file system takes, are made safe). Bytes say their length; a stream goes
 * as it comes.
 */
export function attachment(
  body: Uint8Array | ReadableStream<Uint8Array>,
  file: { filename: string; localFilename: string; contentType: string },
) {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const local = rfc5987(maskNumbersIn(file.localFilename).replace(unsafeInName, "_"));
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${local}`,
    "Cache-Control": "no-store",
  });
  if (body instanceof Uint8Array) headers.set("Content-Length", String(body.byteLength));
  // The bytes of a built file lie in an ordinary ArrayBuffer, never a shared one.
  return new Response(body as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, { headers });
}
