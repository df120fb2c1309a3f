// Node decodes GBK but has no encoder for it: this builds one from the decoder, for tests that
// upload a file as Excel on a Chinese Windows saves it.

let table: Map<string, number[]> | undefined;

function gbkTable() {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder("gbk", { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (!table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // Not a GBK code.
      }
    }
  }
  return table;
}

/** The text in GBK; a character GBK lacks throws. */
export function encodeGbk(text: string) {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = gbkTable().get(char);
    if (!pair) throw new Error(`GBK has no ${char}`);
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}
