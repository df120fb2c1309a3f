// The bounds of a photo upload, read by the edge (before a byte of the body) and by the
// processing (./process.ts). Kept apart so the edge does not load the image library.

export const PHOTO_LIMITS = {
  /** One file: a phone's photo is 2 to 8 MB. */
  fileBytes: 15 * 1024 * 1024,
  /** Files in one request. */
  files: 9,
  /**
   * Pixels a file may declare: a 50-megapixel phone camera fits, a decompression bomb (a small
   * PNG that declares 100,000 x 100,000 pixels) is refused before it is decoded.
   */
  pixels: 50_000_000,
  /** Long side of the kept image and of its thumbnail. */
  displaySide: 1600,
  thumbSide: 320,
  /** Photos decoded at once in one process (libvips gives each one thread). */
  parallel: 2,
  /**
   * Upload bodies a process reads at once; another is answered 503 before it is read. A body is
   * held whole (and copied while its form is parsed), so this bounds an upload's memory.
   */
  bodiesInFlight: 2,
};

/** What the edge lets an upload request carry: every file at its limit, and the form around them. */
export const PHOTO_REQUEST_BYTES = PHOTO_LIMITS.files * PHOTO_LIMITS.fileBytes + 1024 * 1024;

/**
 * The pages whose forms carry photos (routed paths, lower-cased): an event's report, a study
 * session, a duty entry and a new one, and a 法律明白人's own page.
 */
export const PHOTO_UPLOAD_PATHS = [
  /^\/events\/\d+\/report$/,
  /^\/study\/sessions\/\d+$/,
  /^\/duties\/(?:\d+|new)$/,
  /^\/m\/[^/]+$/,
];
