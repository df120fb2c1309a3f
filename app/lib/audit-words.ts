import type { MessageKey, Translate, Lang } from "./i18n";
import { isMessageKey } from "./i18n";
import { formatDateTime } from "./time";

// The audit log stores an action as a code ("event.export") and its detail as the short text the
// code that acted wrote ("format=csv rows=12"). Readers get both in their own language; an entry
// of a kind this file does not know still shows its text as written, never nothing.
//
// Some details are, or hold, text a person typed: a reason, a name, a filter. Such text is never
// read for structure: it is shown whole, in quotes, with its own quotes and line breaks escaped,
// so a reason written as `actor=admin outcome=denied` reads as that reason, not as two fields.
// Entries cannot be changed once written, so old entries are read by the same rules.

/**
 * What an entry is about, by the family of its action (the part before the dot): the kinds the
 * audit page filters by. An action of a family that is not listed belongs to no kind.
 */
export const auditKinds = {
  unit: ["unit", "targets", "reach", "ledger"],
  account: ["user", "account", "session", "password", "login", "logout", "lockout"],
  event: ["event", "checkin"],
  roster: ["learner", "link", "duty"],
  pass: ["pass"],
  study: ["study", "cadre"],
  audit: ["audit"],
} as const satisfies Record<string, readonly string[]>;
export type AuditKind = keyof typeof auditKinds;
export const auditKindNames = Object.keys(auditKinds) as AuditKind[];

const family = (action: string) => action.split(".")[0] ?? action;

export function auditKindOf(action: string): AuditKind | null {
  const found = auditKindNames.find((kind) =>
    (auditKinds[kind] as readonly string[]).includes(family(action)),
  );
  return found ?? null;
}

/**
 * The action in the reader's words. An action with no catalogue entry yet (written by newer code)
 * reads as its kind and its verb ("单位 · 改名"), or its kind and its code; an action of no known
 * kind shows its code.
 */
export function auditActionLabel(t: Translate, action: string) {
  const key = `action.${action}`;
  if (isMessageKey(key)) return t(key);
  const kind = auditKindOf(action);
  if (!kind) return action;
  const verb = `audit.verb.${action.slice(action.indexOf(".") + 1)}`;
  return t("audit.generic", {
    kind: t(`audit.kind.${kind}`),
    verb: action.includes(".") && isMessageKey(verb) ? t(verb) : action,
  });
}

/**
 * A unit named by its path, as the reader's page knows them: ids to "横泾街道 / 舟山村" (the path
 * below the reader's own unit). Built on the server in one query per page.
 */
export type UnitNames = Readonly<Record<number, string>>;

/** "12" or "12->13" as units by their paths; an id the page does not know is said to be gone. */
function unitValue(t: Translate, names: UnitNames, raw: string) {
  const one = (id: string) => names[Number(id)] ?? t("audit.unitUnknown", { id });
  const change = /^(\d+)->(\d+)$/.exec(raw);
  if (change) return `${one(change[1]!)} → ${one(change[2]!)}`;
  return /^\d+$/.test(raw) ? one(raw) : plainOrQuoted(raw);
}

/** The ids of units an entry's words need: its target "unit:<id>" and unit ids in its detail. */
export function unitIdsOf(entry: { target: string | null; detail: string | null }): number[] {
  const ids: number[] = [];
  const target = /^unit:(\d+)$/.exec(entry.target ?? "");
  if (target) ids.push(Number(target[1]));
  for (const match of (entry.detail ?? "").matchAll(
    /(?:^|[ ;])(?:unit|parent|from|to)[= ](\d+)(?:->(\d+))?/g,
  )) {
    ids.push(Number(match[1]));
    if (match[2]) ids.push(Number(match[2]));
  }
  return ids;
}

/** The entry's target in words: a unit by its path, anything else as written. */
export function auditTarget(t: Translate, names: UnitNames, target: string | null) {
  if (!target) return null;
  const unit = /^unit:(\d+)$/.exec(target);
  return unit ? unitValue(t, names, unit[1]!) : target;
}

export type AuditDetail = { label: string; value: string };

const reasons: Record<string, MessageKey> = {
  throttled: "audit.detail.throttled",
  locked: "audit.detail.locked",
  "wrong password": "audit.detail.wrongPassword",
  "unknown user": "audit.detail.unknownUser",
  disabled: "audit.detail.disabled",
  "wrong current password": "audit.detail.wrongCurrentPassword",
  "first admin, from the command line or environment": "audit.detail.firstAdmin",
  "no change": "audit.detail.noChange",
  replaced: "duty.audit.replaced",
};

const pairLabels: Record<string, MessageKey> = {
  format: "audit.detail.format",
  rows: "audit.detail.rows",
  added: "roster.audit.added",
  updated: "roster.audit.updated",
  fields: "audit.detail.changed",
  roster: "roster.audit.roster",
  hours: "roster.audit.hours",
  rate: "roster.audit.rate",
  role: "audit.detail.role",
  unit: "audit.detail.unit",
  action: "audit.action",
  outcome: "audit.outcome",
  actor: "audit.actor",
  entry: "duty.audit.entry",
  until: "audit.detail.until",
  kind: "audit.detail.kind",
  count: "audit.detail.count",
  photos: "photo.audit.photos",
  accounts: "audit.detail.accounts",
  wide: "audit.detail.wide",
  days: "privacy.audit.days",
  checkins: "privacy.audit.checkins",
  people: "privacy.audit.people",
  kept: "privacy.audit.kept",
  events: "privacy.audit.events",
  duties: "privacy.audit.duties",
  audit: "privacy.audit.audit",
  reasons: "privacy.audit.reasons",
  door: "privacy.audit.door",
  merged: "people.audit.merged",
  checkins_moved: "people.audit.checkins",
  same_event: "people.audit.sameEvent",
  invitations: "people.audit.invitations",
  roster_record: "people.audit.roster",
  cadre_record: "people.audit.cadre",
  passes: "people.audit.passes",
  other: "people.audit.other",
};

const unitLabels: Record<string, MessageKey> = {
  unit: "audit.detail.unit",
  parent: "audit.detail.parent",
  from: "audit.detail.was",
  to: "audit.detail.now",
  old_parent: "audit.detail.was",
  new_parent: "audit.detail.now",
};

/** The fields a roster correction names ("fields=name,phone"), by the roster's column names. */
const rosterFields: Record<string, MessageKey> = {
  name: "roster.col.name",
  phone: "roster.col.phone",
  village: "roster.col.village",
  category: "roster.col.category",
  recognised: "roster.col.recognisedOn",
  certificate: "roster.col.certificateNo",
  adviser: "roster.col.adviser",
};

const methods = new Set(["self_scan", "walk_in", "assisted", "pass_scan"]);

/** Actions whose code writes its detail as `key=value` pairs; nobody types those. */
const pairActions = new Set([
  "privacy.purge",
  "audit.export",
  "event.export",
  "learner.export",
  "reach.export",
  "reach.section",
  "ledger.export",
  "learner.import",
  "learner.update",
  "targets.update",
  "user.create",
  "duty.add",
  "duty.photo_add",
  "duty.photo_delete",
  "event.photo_add",
  "event.photo_delete",
  "duty.submit",
  "duty.confirm",
  "pass.issue",
  "link.renew",
  // Units corrected and pasted (issue 15): their code writes ids as key=value pairs.
  "unit.rename",
  "unit.move",
  "unit.retire",
  "unit.restore",
  "unit.delete",
  "unit.paste",
  "user.import",
  "person.merge",
  "person.distinct",
]);

/** Actions whose detail is a reason someone typed (cancelling, returning, retiring). */
const freeTextActions = new Set(["event.cancel", "duty.return", "learner.retire"]);

/** Actions whose detail may be one of the fixed phrases in `reasons`. */
const reasonActions = new Set([
  "login",
  "password.change",
  "user.create",
  "user.update",
  "learner.update",
  "link.issue",
]);

/** Text a person typed, as text: in quotes, its own quotes and control characters escaped. */
export const quoted = (text: string) => JSON.stringify(text);

/** A value as written when it is a plain code or number, else quoted. */
const plainOrQuoted = (text: string) => (/^[\w.,:+-]*$/.test(text) ? text : quoted(text));

function roleName(t: Translate, role: string) {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}

/** Keys whose value is a unit id ("unit=26", "parent=3", "from=3 to=4" outside exports). */
const unitKeys = new Set(["unit", "parent", "from", "to", "old_parent", "new_parent"]);

/** Keys a typed text could use to pose as another entry's facts: shown as written, unlabelled. */
const posingKeys = new Set(["action", "outcome", "actor"]);

/**
 * "format=csv rows=12" -> labelled values; null when the text is not such pairs. `from` and `to`
 * are an export's dates, or elsewhere (a unit moved) units by id. An action this file does not
 * know (`known` false) gets no labels for keys that could pose as the entry's own facts.
 */
function pairs(
  t: Translate,
  detail: string,
  input: { action: string; names: UnitNames; known: boolean },
): AuditDetail[] | null {
  const words = detail.split(" ");
  if (!words.every((word) => /^\w+=\S*$/.test(word))) return null;
  const found = new Map(
    words.map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
  );
  const details: AuditDetail[] = [];
  const from = found.get("from");
  const to = found.get("to");
  const dates = input.action.endsWith(".export");
  if (dates && (from !== undefined || to !== undefined)) {
    details.push({
      label: t("audit.detail.filter"),
      value: t("audit.detail.fromTo", {
        from: from ? plainOrQuoted(from) : "…",
        to: to ? plainOrQuoted(to) : "…",
      }),
    });
  }
  for (const [name, value] of found) {
    if (dates && (name === "from" || name === "to")) continue;
    if (unitKeys.has(name) && /^\d+(->\d+)?$/.test(value)) {
      details.push({ label: t(unitLabels[name]!), value: unitValue(t, input.names, value) });
      continue;
    }
    if (!input.known && posingKeys.has(name)) {
      details.push({ label: name, value: plainOrQuoted(value) });
      continue;
    }
    const label = name === "from" || name === "to" ? unitLabels[name] : pairLabels[name];
    let shown = plainOrQuoted(value);
    if (name === "fields") shown = fieldNames(t, value) ?? shown;
    if (name === "format") shown = shown.toUpperCase();
    if (name === "role") shown = roleName(t, value);
    if (name === "action" && isMessageKey(`action.${value}`)) shown = auditActionLabel(t, value);
    if (name === "kind" && isMessageKey(`audit.kind.${value}`)) {
      shown = t(`audit.kind.${value}` as MessageKey);
    }
    const outcome = `outcome.${value}`;
    if (name === "outcome" && isMessageKey(outcome)) shown = t(outcome);
    details.push({ label: label ? t(label) : name, value: shown });
  }
  return details;
}

/** "name,phone" as the roster's column names; null when a code is not one of them. */
function fieldNames(t: Translate, value: string) {
  const keys = value.split(",").map((code) => rosterFields[code]);
  if (keys.some((key) => !key)) return null;
  return keys.map((key) => t(key!)).join(t("common.listSeparator"));
}

/** "role=organiser unit=3 import", as written for an account created by an import. */
function importedAccount(t: Translate, detail: string, names: UnitNames) {
  const pairsPart = /^(.*) import$/.exec(detail)?.[1];
  const read = pairsPart
    ? pairs(t, pairsPart, { action: "user.create", names, known: true })
    : null;
  return read && [...read, { label: t("audit.detail.source"), value: t("audit.detail.imported") }];
}

/** "all; ended=3" or "one; ended=1", as written when an account's sessions are ended. */
function endedSessions(t: Translate, detail: string): AuditDetail[] | null {
  const match = /^(all|one); ended=(\d+)$/.exec(detail);
  if (!match) return null;
  const count = Number(match[2]);
  return [
    {
      label: t("audit.detail.sessions"),
      value:
        match[1] === "all"
          ? t("audit.detail.sessionsAll", { count })
          : t("audit.detail.sessionsOne"),
    },
  ];
}

/**
 * "张三: sick; 李四: -", as written when absence reasons are saved: each person's reason in words.
 * A name is typed text and shown in quotes; "-" is a reason cleared.
 */
function absences(t: Translate, detail: string): AuditDetail[] {
  return detail.split("; ").map((part) => {
    const at = part.lastIndexOf(": ");
    if (at < 0) return { label: t("audit.detail.reason"), value: quoted(part) };
    const name = part.slice(0, at);
    const code = part.slice(at + 2);
    const key = `study.absence.${code}`;
    return {
      label: t("audit.detail.name"),
      value: `${quoted(name)}: ${isMessageKey(key) ? t(key) : code === "-" ? t("audit.detail.reasonCleared") : quoted(code)}`,
    };
  });
}

/** "name; role organiser->official; unit 3->4", as written when an account is changed. */
function accountChanges(t: Translate, detail: string, names: UnitNames): AuditDetail[] | null {
  const parts = detail.split("; ");
  const details: AuditDetail[] = [];
  for (const part of parts) {
    const change = /^(role|unit) (\S+)->(\S+)$/.exec(part);
    if (part === "name") {
      details.push({ label: t("audit.detail.changed"), value: t("audit.detail.nameField") });
    } else if (change?.[1] === "role") {
      details.push({
        label: t("audit.detail.role"),
        value: `${roleName(t, change[2]!)} → ${roleName(t, change[3]!)}`,
      });
    } else if (change?.[1] === "unit") {
      details.push({
        label: t("audit.detail.unit"),
        value: unitValue(t, names, `${change[2]}->${change[3]}`),
      });
    } else {
      return null;
    }
  }
  return details;
}

/** "checkin 12: 张三 138****1234 walk_in 2026-…Z", as written when a check-in is undone. */
function undoneCheckin(t: Translate, lang: Lang, detail: string): AuditDetail[] | null {
  const match = /^checkin (\d+): (.*) (\S+) (\S+)$/.exec(detail);
  if (!match || !methods.has(match[3]!)) return null;
  const [, id, who = "", method = "", at = ""] = match;
  const phone = /^(.*?) ?(\d{3}\*{4}\d{4})?$/.exec(who);
  const details: AuditDetail[] = [
    { label: t("audit.detail.checkin"), value: id! },
    { label: t("audit.detail.name"), value: quoted(phone?.[1] ?? who) },
  ];
  if (phone?.[2]) details.push({ label: t("audit.detail.phone"), value: phone[2] });
  details.push({ label: t("audit.detail.method"), value: t(`method.${method as "walk_in"}`) });
  const when = Date.parse(at);
  details.push({
    label: t("audit.detail.checkedInAt"),
    value: Number.isNaN(when) ? at : formatDateTime(lang, at),
  });
  return details;
}

/**
 * An entry's detail as labelled values in the reader's language, units by their paths. An action
 * this file does not know yet (written by newer code) is read as key=value pairs when it is
 * written so, else shown whole as text.
 */
export function auditDetails(
  t: Translate,
  lang: Lang,
  entry: { action: string; detail: string | null },
  names: UnitNames = {},
): AuditDetail[] {
  const { action, detail } = entry;
  if (!detail) return [];
  const reason = reasonActions.has(action) ? reasons[detail] : undefined;
  if (reason) return [{ label: t("audit.detail.reason"), value: t(reason) }];
  const lockout = /^(\d+) failed log-ins; locked (\d+) minutes$/.exec(detail);
  if (action === "lockout" && lockout) {
    const value = t("audit.detail.lockedAfter", {
      count: Number(lockout[1]),
      minutes: Number(lockout[2]),
    });
    return [{ label: t("audit.detail.reason"), value }];
  }
  const copy = /^copy of (\S+)$/.exec(detail);
  if (action === "event.copy" && copy) {
    return [{ label: t("audit.detail.copiedFrom"), value: plainOrQuoted(copy[1]!) }];
  }
  if (freeTextActions.has(action)) {
    return [{ label: t("audit.detail.reason"), value: quoted(detail) }];
  }
  const known =
    pairActions.has(action) || reasonActions.has(action) || isMessageKey(`action.${action}`);
  const parsed =
    (action === "checkin.undo" && undoneCheckin(t, lang, detail)) ||
    (action === "user.update" && accountChanges(t, detail, names)) ||
    (action === "user.create" && importedAccount(t, detail, names)) ||
    (action === "user.end_sessions" && endedSessions(t, detail)) ||
    (action === "study.absence" && absences(t, detail)) ||
    ((pairActions.has(action) || !known) && pairs(t, detail, { action, names, known }));
  return parsed || [{ label: t("audit.detail"), value: quoted(detail) }];
}

/**
 * The words of one entry beside its action: the target (a unit by its path; a new unit by its
 * path, which names its parent), the unit the entry concerns when that says more than the
 * target, and the detail. `unitLabel` is the entry's stored unit path by names.
 */
export function auditEntryWords(
  t: Translate,
  lang: Lang,
  entry: { action: string; target: string | null; detail: string | null; unitLabel: string | null },
  names: UnitNames,
) {
  const target =
    entry.action === "unit.create" && entry.unitLabel
      ? entry.unitLabel
      : auditTarget(t, names, entry.target);
  return {
    target,
    unit: entry.unitLabel && entry.unitLabel !== target ? entry.unitLabel : null,
    details: auditDetails(t, lang, entry, names),
  };
}
