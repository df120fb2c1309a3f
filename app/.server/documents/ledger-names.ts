// Names of folders and files inside the year's zip. They come from titles staff typed, so they
// are made safe for every unzip tool: Windows refuses \ / : * ? " < > | and control characters,
// a leading dot hides a file on macOS and Linux, a trailing dot or space vanishes on Windows, and
// "CON", "NUL"… are devices there. Two events of the same day and title must not overwrite each
// other: a name already taken in its folder gets " (2)", " (3)"…

/** Characters no file name may hold on Windows, and every control character. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A title's first characters, as many as a folder name should carry. */
export const SHORT_TITLE = 30;

/**
 * One path segment made safe: forbidden characters become spaces, runs of spaces one, no dot or
 * space at either end, at most `max` characters (whole characters, never half of a pair), and
 * `fallback` when nothing is left.
 */
export function safeSegment(text: string, fallback: string, max = 60) {
  const cleaned = text
    .normalize("NFC")
    .replace(FORBIDDEN, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const cut = Array.from(cleaned)
    .slice(0, max)
    .join("")
    .replace(/[\s.]+$/g, "");
  if (cut === "" || WINDOWS_DEVICES.test(cut)) return fallback;
  return cut;
}

/**
 * Hands out names within one folder, each once: a name taken (ignoring case, as Windows and
 * macOS do) gets " (2)" before its extension, then " (3)".
 */
export class NameBook {
  private readonly taken = new Set<string>();

  claim(folder: string, base: string, extension = "") {
    for (let n = 1; ; n += 1) {
      const name = n === 1 ? `${base}${extension}` : `${base} (${n})${extension}`;
      const key = `${folder}/${name}`.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return name;
      }
    }
  }
}
