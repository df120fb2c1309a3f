// What looks like a typo in an imported row: a village name one character off, a phone one
// digit away from someone already on the roster under a similar name.

/** Edits (insert, delete, replace) between two short texts. */
export function editDistance(a: string, b: string) {
  const x = [...a];
  const y = [...b];
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost);
    }
    row = next;
  }
  return row[y.length]!;
}

/** The same name, or one character off in a name of two or more ("张三", "张山"). */
export const similarNames = (a: string, b: string) =>
  a === b || (Math.min([...a].length, [...b].length) >= 2 && editDistance(a, b) <= 1);

type Member = { name: string; phone: string | null };

/** The phone with one digit blanked: two phones one digit apart share one such key. */
const blanked = (phone: string, at: number) => `${phone.slice(0, at)}?${phone.slice(at + 1)}`;

/**
 * Finds, for a new row, a member whose phone is one digit away and whose name is similar: likely
 * the same person with a mistyped number, who would otherwise be added a second time.
 */
export function nearPhoneFinder(members: Member[]) {
  const byKey = new Map<string, { name: string; phone: string }[]>();
  for (const member of members) {
    if (!member.phone) continue;
    for (let at = 0; at < member.phone.length; at++) {
      const key = blanked(member.phone, at);
      byKey.set(key, [...(byKey.get(key) ?? []), { name: member.name, phone: member.phone }]);
    }
  }
  return (row: { name: string; phone: string }) => {
    for (let at = 0; at < row.phone.length; at++) {
      const near = byKey
        .get(blanked(row.phone, at))
        ?.find((member) => member.phone !== row.phone && similarNames(member.name, row.name));
      if (near) return near;
    }
    return undefined;
  };
}
