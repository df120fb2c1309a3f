import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { checkinWindow } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { officePath } from "../people/find-or-add";
import { passCodeOf } from "../passes/code";
import { deploymentId } from "../passes/deployment";
import { holdersInScope } from "../passes/holders";
import { doorEvent, passWorksAt } from "../passes/scan";
import { loadCookieSecret } from "../secret";
import { inSubtree } from "../scope";

// What a device keeps to decide scans at the door without a signal (issue 20): for each pass
// that works at this event, the SHA-256 of its code (what the database already keeps), whether
// it checks its holder in, is not on the list or is revoked, and when its holder already checked
// in. The holder's name is sealed with a key made from the pass's own code: the device can read
// a name only when that pass is scanned, which is when the online page shows it too. No phone
// goes to the device.

export type DoorPassState = "ok" | "not_invited" | "revoked";

export type DoorPass = {
  /** SHA-256 of the canonical code, hex. */
  h: string;
  s: DoorPassState;
  /** The holder's name, sealed (AES-GCM, key SHA-256("pufa-door-name:" + code)), base64. */
  n?: string;
  /** When the holder checked in here, as of this refresh. */
  a?: string;
};

export type DoorData = {
  eventId: number;
  deployment: string;
  opensAt: string;
  closesAt: string;
  /** Published or held: an event that takes check-ins at all. */
  taking: boolean;
  refreshedAt: string;
  passes: DoorPass[];
};

/** The key a pass's code opens its holder's name with; the page derives the same one. */
export function nameKey(code: string) {
  return createHash("sha256").update(`pufa-door-name:${code}`).digest();
}

/** The name sealed for the device: iv, then ciphertext and tag, as WebCrypto reads AES-GCM. */
export function sealName(code: string, name: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", nameKey(code), iv);
  const body = Buffer.concat([cipher.update(name, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([iv, body]).toString("base64");
}

/** "/1/2/3/" -> ["/", "/1/", "/1/2/", "/1/2/3/"]: the units a path lies under, itself included. */
function pathsAbove(path: string) {
  const parts = path.split("/").filter(Boolean);
  return ["/", ...parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}/`)];
}

/** The door's list for one event, for a staff member who may scan at it. */
export async function offlineDoor(db: Db, input: { actor: Actor; eventId: number }) {
  const event = await doorEvent(db, { id: input.eventId, actor: input.actor });
  const host = { path: event.host_path, level: event.host_level };
  const passes = await db
    .selectFrom("pass")
    .innerJoin("person", "person.id", "pass.person_id")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select(["pass.person_id", "pass.code_hash", "pass.nonce", "pass.revoked_at"])
    .select("owner.path as owner_path")
    .where((eb) =>
      eb.or([
        inSubtree(eb.ref("owner.path"), officePath(host)),
        eb("owner.path", "in", pathsAbove(host.path)),
      ]),
    )
    .execute();
  const working = passes.filter((pass) => passWorksAt(pass.owner_path, event));
  const personIds = [...new Set(working.map((pass) => pass.person_id))];
  const holders = await holdersInScope(db, { scopePath: "/", personIds });
  const invited = await db
    .selectFrom("event_invitation")
    .select("person_id")
    .where("event_id", "=", event.id)
    .execute();
  const invitedIds = new Set(invited.map((row) => row.person_id));
  const checkedIn = await db
    .selectFrom("checkin")
    .select(["person_id", "checked_in_at"])
    .where("event_id", "=", event.id)
    .execute();
  const checkedAt = new Map(checkedIn.map((row) => [row.person_id, row.checked_in_at]));
  const secret = await loadCookieSecret(db);
  const list: DoorPass[] = working.map((pass) => {
    // The same holder as a scan finds (scanPass): one whose unit works here, else any.
    const theirs = holders.filter((holder) => holder.personId === pass.person_id);
    const holder = theirs.find((one) => passWorksAt(one.unitPath, event)) ?? theirs[0];
    if (pass.revoked_at !== null || !holder) return { h: pass.code_hash, s: "revoked" };
    const code = pass.nonce ? passCodeOf(secret, pass.nonce) : null;
    const sealed = code ? { n: sealName(code, holder.name) } : {};
    if (invitedIds.size > 0 && !invitedIds.has(holder.personId)) {
      return { h: pass.code_hash, s: "not_invited", ...sealed };
    }
    const at = checkedAt.get(holder.personId);
    return { h: pass.code_hash, s: "ok", ...sealed, ...(at ? { a: at } : {}) };
  });
  const window = checkinWindow(event);
  const door: DoorData = {
    eventId: event.id,
    deployment: await deploymentId(db),
    opensAt: window.opensAt,
    closesAt: window.closesAt,
    taking: event.status === "published" || event.status === "held",
    refreshedAt: now(),
    passes: list,
  };
  return door;
}
