import type { Db } from "../db";
import { qrSvg } from "../events/qr";
import { loadCookieSecret } from "../secret";
import { groupCode, passQrText } from "./code";
import { printableCode } from "./cards";
import { deploymentId } from "./deployment";

// The holder's own pass, shown on their personal page so that a phone can stand in for the card:
// the same code and QR the printed card carries. Whoever reaches this already holds the
// personal link of that person; the caller has checked it.

/**
 * The person's live pass as its grouped code and QR (an SVG document); null when they hold none
 * (never issued, or revoked) or hold one that cannot be printed again (it then cannot be shown).
 */
export async function ownPass(db: Db, personId: number) {
  const pass = await db
    .selectFrom("pass")
    .select(["code_hash as codeHash", "nonce", "issued_at as issuedAt"])
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!pass) return null;
  const code = printableCode(await loadCookieSecret(db), pass);
  if (!code) return null;
  return { code: groupCode(code), qr: await qrSvg(passQrText(await deploymentId(db), code)) };
}
