// Record ids as they appear in paths, query strings and forms. Number() would also read "0x2",
// "+2", "2e0", " 2" and "02" as 2: one record would have many addresses, and a value no link of
// this site writes would reach the database. Only the id as the site writes it is an id.

/** PostgreSQL's integer: the largest id either database stores. */
export const MAX_RECORD_ID = 2_147_483_647;

/**
 * The id written in plain decimal digits, without sign, spaces or leading zeros, from 1 to
 * MAX_RECORD_ID; null for anything else.
 */
export function parseRecordId(text: string | null | undefined): number | null {
  if (text == null || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_RECORD_ID ? id : null;
}
