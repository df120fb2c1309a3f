import { audienceGroups } from "../../../db/schema";
import { CONSENT_VERSION } from "~/lib/checkin-window";
import type { Lang, MessageKey, Translate } from "~/lib/i18n";
import { dateTimeFormat, isMessageKey, translator } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { retentionPeriod } from "~/lib/retention";
import { formatDateTimeRange } from "~/lib/time";
import { env } from "../env";
import type { CheckinEvent, Gate } from "./self-checkin";

// The resident's page is plain HTML and a little CSS, written here without React: it must load
// fast on a cheap phone on a weak signal, ship no script, and cost the server little per check-in.

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export const STYLE = `body{margin:0;font:1.125rem/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
main{max-width:34rem;margin:0 auto;padding:.75rem 1rem}h1{font-size:1.3rem;line-height:1.3;margin:0}
.meta{margin:.15rem 0 .6rem;color:#333;font-size:1rem;line-height:1.45}.field{margin:0 0 .5rem}label{display:block;font-weight:700;line-height:1.3}
input,select{font:inherit;width:100%;min-height:2.75rem;padding:.3rem .6rem;border:2px solid #6b6b6b;border-radius:.3rem;background:#fff;color:#1a1a1a;box-sizing:border-box}
input[type=checkbox]{width:1.6rem;min-height:1.6rem;margin:0 .5rem 0 0;flex:none}
.consent{display:flex;align-items:flex-start;font-weight:700}
button{font:inherit;font-weight:700;width:100%;min-height:3.2rem;border:0;border-radius:.4rem;background:#a3141d;color:#fff;margin:.5rem 0}
.link{background:none;color:#7d0f16;text-decoration:underline;font-weight:400;min-height:2.75rem}
.notice{background:#f4f1ea;padding:.4rem .75rem;font-size:.95rem;line-height:1.4;border-radius:.3rem;margin:0 0 .5rem}.notice p{margin:0}summary{color:#7d0f16;text-decoration:underline;min-height:1.75rem}
.hint{margin:0;color:#4a4a4a;font-size:.95rem}
.pair{display:flex;flex-wrap:wrap;gap:0 .75rem;align-items:flex-end}.pair>.field{flex:1 1 9rem;min-width:0}.pair>.wide{flex-grow:1.5}.error{margin:0;color:#b00020;font-weight:700}
[aria-invalid=true]{border:3px solid #b00020}.summary{border:3px solid #b00020;padding:.25rem .75rem;margin-bottom:1rem}
.answer{border-radius:.5rem;padding:1rem;margin:1rem 0;text-align:center}.answer h1,.answer h2{font-size:1.8rem;margin:0}.answer p{margin:.4rem 0}
.who{font-size:2rem;font-weight:700;line-height:1.25}.what{font-size:1.3rem;font-weight:700}.when{font-size:1.2rem}.show{font-size:1.3rem;font-weight:700;border-top:2px solid #135e2a;padding-top:.5rem}
.ok{background:#e3f4e8;border:3px solid #135e2a}.ways{padding-left:1.2rem}.ways li{margin:.5rem 0}.no{background:#fff3c4;border:3px solid #a66b00}
a{color:#7d0f16}:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}`;

const eventTimeOptions: Intl.DateTimeFormatOptions = {
  month: "long",
  day: "numeric",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const clockOptions: Intl.DateTimeFormatOptions = {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
};

const yearOf = (iso: string | number) =>
  dateTimeFormat("en", { year: "numeric" }).format(new Date(iso));

/** A time of this year without its year; of another year (a closed event of last year) with it. */
const formatTime = (lang: Lang, iso: string) =>
  dateTimeFormat(
    lang,
    yearOf(iso) === yearOf(Date.now())
      ? eventTimeOptions
      : { ...eventTimeOptions, year: "numeric" },
  ).format(new Date(iso));
const formatClock = (lang: Lang, iso: string) =>
  dateTimeFormat(lang, clockOptions).format(new Date(iso));

function document(lang: Lang, title: string, body: string) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The event, and above it what this page is for; the form leaves that line out for room. */
function eventHeader(t: Translate, lang: Lang, event: CheckinEvent, kicker = true) {
  return `${kicker ? `<p class="hint">${escape(t("checkin.heading"))}</p>` : ""}<h1>${escape(event.title)}</h1><p class="meta">${escape(t("common.labelled", { label: t("checkin.eventTime"), value: formatTime(lang, event.starts_at) }))}<br>${escape(t("common.labelled", { label: t("checkin.eventVenue"), value: event.venue }))}</p>`;
}

export type Answer =
  | { kind: "new" | "already"; at: string; name: string }
  | Exclude<Gate, { kind: "open" }>
  | { kind: "not_invited" }
  | { kind: "unknown" }
  | { kind: "too_many" };

const answerText: Record<Answer["kind"], [MessageKey, MessageKey, boolean]> = {
  new: ["checkin.success", "checkin.successAt", true],
  already: ["checkin.already", "checkin.alreadyAt", true],
  early: ["checkin.notOpen", "checkin.opensAt", false],
  closed: ["checkin.closed", "checkin.closedBody", false],
  cancelled: ["checkin.cancelled", "checkin.cancelledBody", false],
  token_expired: ["checkin.tokenExpired", "checkin.tokenExpiredBody", false],
  not_invited: ["checkin.notInvited", "checkin.notInvitedBody", false],
  passes_only: ["pass.passesOnly", "pass.passesOnlyBody", false],
  unknown: ["checkin.unknown", "checkin.unknownBody", false],
  too_many: ["checkin.tooMany", "checkin.tooManyBody", false],
};

/**
 * Checked in (now or earlier): who, at which event, when, large enough for a volunteer handing
 * out leaflets to check at a glance, and where to find the next events.
 */
function renderSuccess(
  lang: Lang,
  event: CheckinEvent,
  answer: Extract<Answer, { kind: "new" | "already" }>,
  other?: OtherPerson,
) {
  const t = translator(lang);
  const [title, body] = answerText[answer.kind];
  return document(
    lang,
    `${t(title)} · ${event.title}`,
    `<div class="answer ok" role="status"><h1>${escape(t(title))}</h1><p class="who">${escape(answer.name)}</p><p class="what">${escape(event.title)}</p><p class="when">${escape(formatDateTimeRange(lang, event.starts_at, event.ends_at))}</p><p class="show">${escape(t("checkin.showThisPage"))}</p><p class="hint">${escape(t(body, { time: formatClock(lang, answer.at) }))}</p></div>${other ? otherPersonForm(t, other) : ""}<p><a href="/">${escape(t("checkin.moreEvents"))}</a></p>`,
  );
}

/** Where a phone that checked someone in goes to check in the next person (a family's phone). */
export type OtherPerson = { action: string; ticket: string | null };

function otherPersonForm(t: Translate, other: OtherPerson) {
  const ticket = other.ticket
    ? `<input type="hidden" name="ticket" value="${escape(other.ticket)}">`
    : "";
  return `<form method="post" action="${escape(other.action)}">${ticket}<input type="hidden" name="intent" value="forget"><button type="submit" class="link">${escape(t("checkin.someoneElse"))}</button></form>`;
}

/**
 * The ways on from a page that cannot check anyone in: the event's public page (public events
 * only: an internal session has none) and the upcoming events on the home page.
 */
function waysOn(t: Translate, event: CheckinEvent | null) {
  const toEvent =
    event && event.visibility === "public"
      ? `<li><a href="/e/${escape(event.code)}">${escape(t("checkin.toEvent"))}</a></li>`
      : "";
  return `<ul class="ways">${toEvent}<li><a href="/">${escape(t("checkin.moreEvents"))}</a></li></ul>`;
}

/** An answer page: success, already checked in, or why check-in is not possible. */
export function renderAnswer(
  lang: Lang,
  event: CheckinEvent | null,
  answer: Answer,
  other?: OtherPerson,
) {
  if (event && (answer.kind === "new" || answer.kind === "already")) {
    return renderSuccess(lang, event, answer, other);
  }
  const t = translator(lang);
  const [title, body, ok] = answerText[answer.kind];
  const values: Record<string, string> = {};
  if ("at" in answer) values.time = formatClock(lang, answer.at);
  if ("opensAt" in answer) values.time = formatTime(lang, answer.opensAt);
  if ("closesAt" in answer) values.time = formatTime(lang, answer.closesAt);
  if ("reason" in answer) values.reason = answer.reason;
  const header = event ? eventHeader(t, lang, event) : "";
  const role = ok ? "status" : "alert";
  return document(
    lang,
    `${t(title)} · ${event?.title ?? t("app.name")}`,
    `${header}<div class="answer ${ok ? "ok" : "no"}" role="${role}"><h2>${escape(t(title))}</h2><p>${escape(t(body, values))}</p></div>${waysOn(t, event)}`,
  );
}

export type FormState = {
  ticket: string | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** Each labelled with its sub-district where the name repeats (a district's event). */
  villages: { id: number; label: string }[];
  /** The resident this phone remembers, offered as a one-tap check-in. */
  remembered?: { name: string } | null;
  action: string;
};

function fieldHtml(
  t: Translate,
  errors: FieldErrors,
  name: string,
  label: MessageKey,
  control: (attrs: string) => string,
  wide = false,
) {
  const error = errors[name];
  const attrs = `id="${name}" name="${name}"${error ? ` aria-invalid="true" aria-describedby="${name}-error"` : ""}`;
  return `<div class="field${wide ? " wide" : ""}"><label for="${name}">${escape(t(label))}</label>${error ? `<p class="error" id="${name}-error">${escape(t(isMessageKey(error) ? error : "form.invalidChoice"))}</p>` : ""}${control(attrs)}</div>`;
}

/** Two short fields share a row where they fit; a message beside either needs the full width. */
const pairClass = (errors: FieldErrors, a: string, b: string) =>
  errors[a] || errors[b] ? "" : "pair";

const option = (value: string, label: string, selected: boolean) =>
  `<option value="${escape(value)}"${selected ? " selected" : ""}>${escape(label)}</option>`;

/** The check-in form, or the one-tap button for a remembered resident. */
export function renderForm(lang: Lang, event: CheckinEvent, state: FormState) {
  const t = translator(lang);
  const errors = state.errors ?? {};
  const values = state.values ?? {};
  const ticket = state.ticket
    ? `<input type="hidden" name="ticket" value="${escape(state.ticket)}">`
    : "";
  const header = eventHeader(t, lang, event, Boolean(state.remembered));
  if (state.remembered) {
    return document(
      lang,
      `${t("checkin.heading")} · ${event.title}`,
      `${header}<form method="post" action="${escape(state.action)}">${ticket}<input type="hidden" name="intent" value="remembered"><button type="submit">${escape(t("checkin.asMe", { name: state.remembered.name }))}</button></form><p class="hint">${escape(t("checkin.rememberNote"))}</p><form method="post" action="${escape(state.action)}">${ticket}<input type="hidden" name="intent" value="forget"><button type="submit" class="link">${escape(t("checkin.notMe"))}</button></form>`,
    );
  }
  const problems = Object.entries(errors);
  const labels: Record<string, MessageKey> = {
    name: "checkin.name",
    phone: "checkin.phone",
    villageId: "checkin.village",
    employer: "checkin.employer",
    group: "checkin.group",
    consent: "checkin.privacyTitle",
  };
  const summary = problems.length
    ? `<div class="summary" role="alert"><p><strong>${escape(t("form.errorSummary", { count: problems.length }))}</strong></p><ul>${problems
        .map(
          ([field, key]) =>
            `<li><a href="#${field}">${escape(t(labels[field] ?? "checkin.heading"))}</a>${escape(t("common.colon"))}${escape(t(key && isMessageKey(key) ? key : "form.invalidChoice"))}</li>`,
        )
        .join("")}</ul></div>`
    : "";
  const collector = event.host_name;
  const villageOptions =
    option("", t("checkin.villageChoose"), !values.villageId) +
    state.villages
      .map((v) => option(String(v.id), v.label, values.villageId === String(v.id)))
      .join("");
  const groupOptions = audienceGroups
    .map((group) =>
      option(group, t(`checkin.group.${group}`), (values.group ?? "villager") === group),
    )
    .join("");
  const consentError = errors.consent;
  const body = `${header}${summary}<form method="post" action="${escape(state.action)}" novalidate>${ticket}<input type="hidden" name="intent" value="checkin">
<div class="${pairClass(errors, "name", "phone")}">${fieldHtml(t, errors, "name", "checkin.name", (a) => `<input ${a} autocomplete="name" maxlength="40" value="${escape(values.name ?? "")}">`)}
${fieldHtml(t, errors, "phone", "checkin.phone", (a) => `<input ${a} type="tel" inputmode="numeric" autocomplete="tel" maxlength="20" value="${escape(values.phone ?? "")}">`)}</div>
<div class="${pairClass(errors, "villageId", "employer")}">${fieldHtml(t, errors, "villageId", "checkin.village", (a) => `<select ${a}>${villageOptions}</select>`, true)}
${fieldHtml(t, errors, "employer", "checkin.employer", (a) => `<input ${a} autocomplete="organization" maxlength="60" value="${escape(values.employer ?? "")}">`)}</div>
${fieldHtml(t, errors, "group", "checkin.group", (a) => `<select ${a}>${groupOptions}</select>`)}
<section class="notice" aria-label="${escape(t("checkin.privacyTitle"))}"><p>${escape(t("checkin.privacyShort", { collector, period: retentionPeriod(t, env.RETENTION_DAYS) }))}</p><details><summary>${escape(t("checkin.privacyMore"))}</summary><p>${escape(t("checkin.privacy", { collector, period: retentionPeriod(t, env.RETENTION_DAYS) }))}</p></details></section>
<div class="field">${consentError ? `<p class="error" id="consent-error">${escape(t(isMessageKey(consentError) ? consentError : "form.consentNeeded"))}</p>` : ""}<label class="consent"><input type="checkbox" id="consent" name="consent"${consentError ? ' aria-invalid="true" aria-describedby="consent-error"' : ""}${values.consent === "on" ? " checked" : ""}>${escape(t("checkin.consent"))}</label><input type="hidden" name="consentVersion" value="${CONSENT_VERSION}"></div>
<button type="submit">${escape(t("checkin.submit"))}</button></form>`;
  return document(lang, `${t("checkin.heading")} · ${event.title}`, body);
}
