import { Converter } from "opencc-js/t2cn";
import { normalisePersonName } from "~/lib/person-name";

// Server-only: the conversion tables stay out of the browser's bundle.
const toSimplified = Converter({ from: "t", to: "cn" });

/**
 * What two spellings of one name share: the name normalised, in simplified characters (OpenCC's
 * traditional to mainland tables, so 張偉 and 张伟 meet), without spaces, in lower case. Used to
 * suggest duplicates only; stored names keep the spelling that was typed.
 */
export function nameKey(name: string) {
  return toSimplified(normalisePersonName(name)).replace(/\s/g, "").toLowerCase();
}
