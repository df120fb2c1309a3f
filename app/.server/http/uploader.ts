import type { IncomingMessage } from "node:http";
import { sessionTokenOf } from "../auth/guards";
import { validateSessionToken } from "../auth/session";
import { db } from "../db";
import { linkHolder } from "../records/personal-link";

/** A 法律明白人's personal link, as a document post or its single-fetch address. */
const PERSONAL_PATH = /^\/m\/([^/]+?)(?:\.data)?$/i;

function decoded(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Who sends this upload, as a key of one caller, or null for a caller no upload path serves: a
 * live personal link on /m/<token>, else a valid staff session (looked up as every page looks it
 * up). Read from the request line and headers only, before a byte of the body.
 */
export async function uploaderOf(req: IncomingMessage): Promise<string | null> {
  const personal = PERSONAL_PATH.exec((req.url ?? "").split(/[?#]/)[0]!);
  if (personal) {
    const token = decoded(personal[1]!);
    const holder = token === null ? null : await linkHolder(db, token);
    return holder ? `link:${holder.linkId}` : null;
  }
  const token = await sessionTokenOf(req.headers.cookie ?? null);
  const user = token ? await validateSessionToken(db, token) : null;
  return user ? `staff:${user.id}` : null;
}
