/** RFC 5987's encoding of a UTF-8 file name: encodeURIComponent leaves ' ( ) * ! as they are. */
export const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(
    /['()*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * A file as a download: an ASCII name for old clients and the UTF-8 name (Chinese) for browsers
 * that read `filename*`; never cached, the file holds an office's records.
 */
export function attachment(
  body: BodyInit,
  file: { filename: string; localFilename: string; contentType: string },
) {
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"; filename*=UTF-8''${rfc5987(file.localFilename)}`,
      "Cache-Control": "no-store",
    },
  });
}
