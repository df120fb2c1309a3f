/**
 * The office's own order of its units: parents before children, siblings in the order they were
 * entered (by id), as the unit tree lists them; not by name, which sorts Chinese by pinyin.
 * Paths are compared id by id as numbers ("/1/2/10/" after "/1/2/9/").
 */
export function byTreeOrder(a: { path: string }, b: { path: string }) {
  const left = a.path.split("/").filter(Boolean).map(Number);
  const right = b.path.split("/").filter(Boolean).map(Number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return (left[i] ?? 0) - (right[i] ?? 0);
  }
  return left.length - right.length;
}
