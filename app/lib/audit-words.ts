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

/** The action in the reader's words; the code itself only for an action with no catalogue entry. */
export function auditActionLabel(t: Translate, action: string) {
  const key = `action.${action}`;
  return isMessageKey(key) ? t(key) : action;
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
};

const methods = new Set(["self_scan", "walk_in", "assisted", "pass_scan"]);

/** Actions whose code writes its detail as `key=value` pairs; nobody types those. */
const pairActions = new Set([
  "audit.export",
  "event.export",
  "learner.export",
  "reach.export",
  "learner.import",
  "learner.update",
  "targets.update",
  "user.create",
  "duty.add",
  "duty.submit",
  "duty.confirm",
  "pass.issue",
  "link.renew",
]);

/** Actions whose detail is a reason someone typed (cancelling, returning, retiring, absence). */
const freeTextActions = new Set(["event.cancel", "duty.return", "learner.retire", "study.absence"]);

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

/** "format=csv rows=12" -> labelled values; null when the text is not such pairs. */
function pairs(t: Translate, detail: string): AuditDetail[] | null {
  const words = detail.split(" ");
  if (!words.every((word) => /^\w+=\S*$/.test(word))) return null;
  const found = new Map(
    words.map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
  );
  const details: AuditDetail[] = [];
  const from = found.get("from");
  const to = found.get("to");
  if (from !== undefined || to !== undefined) {
    details.push({
      label: t("audit.detail.filter"),
      value: t("audit.detail.fromTo", {
        from: from ? plainOrQuoted(from) : "…",
        to: to ? plainOrQuoted(to) : "…",
      }),
    });
  }
  for (const [name, value] of found) {
    if (name === "from" || name === "to") continue;
    const label = pairLabels[name];
    let shown = plainOrQuoted(value);
    if (name === "format") shown = shown.toUpperCase();
    if (name === "role") shown = roleName(t, value);
    if (name === "action" && isMessageKey(`action.${value}`)) shown = auditActionLabel(t, value);
    const outcome = `outcome.${value}`;
    if (name === "outcome" && isMessageKey(outcome)) shown = t(outcome);
    details.push({ label: label ? t(label) : name, value: shown });
  }
  return details;
}

/** "name; role organiser->official; unit 3->4", as written when an account is changed. */
function accountChanges(t: Translate, detail: string): AuditDetail[] | null {
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
      details.push({ label: t("audit.detail.unit"), value: `${change[2]} → ${change[3]}` });
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

/** An entry's detail as labelled values in the reader's language. */
export function auditDetails(
  t: Translate,
  lang: Lang,
  entry: { action: string; detail: string | null },
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
  const parsed =
    (action === "checkin.undo" && undoneCheckin(t, lang, detail)) ||
    (action === "user.update" && accountChanges(t, detail)) ||
    (pairActions.has(action) && pairs(t, detail));
  return parsed || [{ label: t("audit.detail"), value: quoted(detail) }];
}
