import { randomFillSync } from "node:crypto";
import { generatePassword } from "~/lib/password-generator";
import type { Role } from "../../../db/schema";
import { linkWarning } from "../events/link-base";
import { linkBaseOf } from "../events/poster";
import { qrSvg } from "../events/qr";

// First passwords and the handover slips that carry them. A first password exists only in the
// response that shows its slip: it is hashed before it is stored, never logged, never put in a
// URL, and the slip is not kept anywhere to be shown again.

/** A strong first password (the generator the browser's button uses), never the username. */
export function firstPassword(username: string) {
  for (;;) {
    const password = generatePassword((bytes) => randomFillSync(bytes));
    if (password.toLowerCase() !== username.toLowerCase()) return password;
  }
}

export type SlipAccount = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitLabel: string;
  password: string;
};

/**
 * The handover sheet for accounts just given a password: the site's log-in address as the
 * poster's links are made (PUBLIC_URL, or in a demo the address the page was opened at), its QR
 * code, and one slip per account.
 */
export async function handoverSheet(request: Request, accounts: SlipAccount[]) {
  const choice = linkBaseOf(request);
  const loginUrl = `${choice.base}/login`;
  return {
    loginUrl,
    linkWarning: linkWarning(choice),
    linkHost: new URL(loginUrl).host,
    qrSvg: await qrSvg(loginUrl),
    slips: accounts,
  };
}

export type HandoverSheetData = Awaited<ReturnType<typeof handoverSheet>>;
