import { CONSENT_VERSION, GUARDIAN_CONSENT_VERSION } from "~/lib/checkin-window";
import { selfCheckinSchema } from "~/lib/checkin-schema";
import type { Lang } from "~/lib/i18n";
import { normalisePersonName } from "~/lib/person-name";
import { fieldErrors } from "~/lib/schemas";
import { db } from "../db";
import { env } from "../env";
import { langOf } from "../request";
import { pathInSubtree } from "../scope";
import { showMine, updateMine } from "./mine";
import type { Answer, FormState, OtherPerson } from "./page";
import type { Remembered } from "./phone-cookies";
import { deviceOf, isRemembered, rememberCookie } from "./phone-cookies";
import { MINE_CODE, renderAnswer, renderForm } from "./page";
import { issueTicket } from "./qr-token";
import { admitCheckin } from "./rate-limit";
import type { KnownPerson } from "./record-checkin";
import type { CheckinEvent } from "./self-checkin";
import {
  checkinPlaceOf,
  findCheckinEvent,
  gateCheckin,
  isCheckinCode,
  selfCheckIn,
  villagesForEvent,
} from "./self-checkin";

// The resident's check-in at /c/<code>: a page without JavaScript and a POST that answers only
// after the check-in is committed. It is the busiest path of the product, so it takes a plain
// request description instead of a Fetch Request: the HTTP server calls it directly, without the
// Remix document pipeline (app/.server/http/checkin.ts), and the Remix route adapts to it for the dev server.

export type CheckinRequest = {
  method: string;
  path: string;
  code: string;
  /** ?t= of a rotating QR code. */
  token: string | null;
  cookie: string | null;
  acceptLanguage: string | null;
  /** The urlencoded form of a POST. */
  form: URLSearchParams | null;
  clientIp: string | null;
};

export type CheckinResponse = {
  status: number;
  headers: Record<string, string>;
  /** Set-Cookie values, each its own header. */
  cookies: string[];
  body: string;
};

const limits = { perIp: env.CHECKIN_LIMIT_PER_IP, perEvent: env.CHECKIN_LIMIT_PER_EVENT };

function html(body: string, status = 200, cookies: string[] = []): CheckinResponse {
  const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
  return { status, headers, cookies, body };
}

const statusOf: Record<Answer["kind"], number> = {
  new: 200,
  already: 200,
  early: 409,
  closed: 410,
  cancelled: 410,
  token_expired: 403,
  not_invited: 403,
  passes_only: 403,
  unknown: 404,
  too_many: 429,
};

const answer = (
  lang: Lang,
  event: CheckinEvent | null,
  result: Answer,
  cookies?: string[],
  other?: OtherPerson,
) => html(renderAnswer(lang, event, result, other), statusOf[result.kind], cookies);

async function rememberedPerson(cookie: string | null): Promise<RememberedPerson | null> {
  const value: unknown = await rememberCookie.parse(cookie);
  // A changed privacy notice must be read and agreed to again: no one-tap then.
  if (!isRemembered(value) || value.consent !== CONSENT_VERSION) return null;
  const person = await db
    .selectFrom("person")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "person.village_id",
      "person.employer",
      "person.audience_group",
      "owner.path",
    ])
    .where("person.id", "=", value.person)
    .executeTakeFirst();
  // A person forgotten since (their data deleted) has no phone left: no one to remember.
  if (!person || person.phone === null) return null;
  return {
    id: person.id,
    name: person.name,
    phone: person.phone,
    villageId: person.village_id,
    employer: person.employer,
    group: person.audience_group,
    ownerPath: person.path,
  };
}

type RememberedPerson = KnownPerson & { ownerPath: string };

/**
 * Who a one-tap check-in at this event is: the remembered person when this event's office holds
 * them, else the same name and phone as typed, found or added in this event's office.
 */
function oneTapPerson(event: CheckinEvent, remembered: RememberedPerson) {
  const { ownerPath, ...person } = remembered;
  if (pathInSubtree(ownerPath, checkinPlaceOf(event).searchPath)) return person;
  const { id: _elsewhere, ...typed } = person;
  return typed;
}

/** A fresh form starts at the event's own village, if it has one, else at "choose". */
async function formState(
  event: CheckinEvent,
  request: CheckinRequest,
  extra: Partial<FormState>,
): Promise<FormState> {
  const villages = await villagesForEvent(db, event);
  const own = villages.some((v) => v.id === event.village_id) ? String(event.village_id) : "";
  return {
    ticket: event.rotating_qr ? issueTicket(event.qr_secret) : null,
    villages,
    action: request.path,
    values: { villageId: own },
    ...extra,
  };
}

async function showPage(request: CheckinRequest, lang: Lang) {
  const event = await findCheckinEvent(db, request.code);
  if (!event) return answer(lang, null, { kind: "unknown" });
  const gate = gateCheckin(event, { nowMs: Date.now(), token: request.token });
  if (gate.kind !== "open") return answer(lang, event, gate);
  const remembered = await rememberedPerson(request.cookie);
  const state = await formState(event, request, { remembered });
  // Back at an event this phone's person already checked in to: that first, then the next person.
  const earlier = remembered && (await checkedInAt(event, remembered));
  if (remembered && earlier) {
    const other = { action: state.action, ticket: state.ticket };
    return answer(lang, event, { kind: "already", at: earlier, name: remembered.name }, [], other);
  }
  return html(renderForm(lang, event, state));
}

/** When the remembered person (or their copy in this event's office) checked in here, if they did. */
async function checkedInAt(event: CheckinEvent, person: RememberedPerson) {
  const row = await db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select("checkin.checked_in_at")
    .where("checkin.event_id", "=", event.id)
    .where((eb) =>
      eb.or([
        eb("checkin.person_id", "=", person.id),
        eb.and([eb("person.phone", "=", person.phone), eb("person.name", "=", person.name)]),
      ]),
    )
    .executeTakeFirst();
  return row?.checked_in_at;
}

async function submit(request: CheckinRequest, form: URLSearchParams, lang: Lang) {
  const requester = {
    ip: request.clientIp,
    event: isCheckinCode(request.code) ? request.code : null,
  };
  const { allowed, event } = await admitCheckin(db, { requester, limits, code: request.code });
  if (!allowed) return answer(lang, null, { kind: "too_many" });
  if (!event) return answer(lang, null, { kind: "unknown" });
  const ticket = form.get("ticket");
  const gate = gateCheckin(event, { nowMs: Date.now(), ticket: ticket ?? "" });
  if (gate.kind !== "open") return answer(lang, event, gate);
  // Only a rotating code hands out tickets; anything sent in that field otherwise is ignored.
  const keep = { ticket: event.rotating_qr && ticket ? ticket : null };

  const intent = form.get("intent");
  if (intent === "forget") {
    const forget = await rememberCookie.serialize("", { maxAge: 0 });
    return html(renderForm(lang, event, await formState(event, request, keep)), 200, [forget]);
  }
  if (intent === "remembered") {
    const person = await rememberedPerson(request.cookie);
    if (!person) return html(renderForm(lang, event, await formState(event, request, keep)));
    // The one-tap check-in counts by the remembered person's own record.
    const phone = deviceOf(request.cookie);
    const result = await selfCheckIn(db, {
      event,
      person: oneTapPerson(event, person),
      consentVersion: CONSENT_VERSION,
      ticket: keep.ticket,
      device: phone.hash,
    });
    return answerCheckIn(lang, event, result, person.name, phone.cookies, other(request, keep));
  }

  const parsed = selfCheckinSchema.safeParse(Object.fromEntries(form));
  const villages = await villagesForEvent(db, event);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // A village of another sub-district (a crafted form) is refused, not quietly dropped.
  if (parsed.success && parsed.data.villageId !== null) {
    if (!villages.some((v) => v.id === parsed.data.villageId)) {
      errors.villageId = "form.invalidChoice";
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) {
    const state = await formState(event, request, {
      ...keep,
      errors,
      values: Object.fromEntries(form),
    });
    return html(renderForm(lang, event, state), 400);
  }
  const { name, phone, villageId, employer, group, child } = parsed.data;
  // A child's check-in records the guardian's notice; the phone's cookie then names a version
  // the one-tap check-in does not take, so the guardian agrees afresh each time.
  const consentVersion = child ? GUARDIAN_CONSENT_VERSION : CONSENT_VERSION;
  const device = deviceOf(request.cookie);
  const result = await selfCheckIn(db, {
    event,
    person: { name, phone, villageId, employer, group },
    consentVersion,
    ticket: keep.ticket,
    device: device.hash,
  });
  if (result.status !== "new" && result.status !== "already") {
    return answerCheckIn(lang, event, result, name, device.cookies);
  }
  const remember = await rememberCookie.serialize({
    person: result.personId,
    consent: consentVersion,
  } satisfies Remembered);
  return answerCheckIn(
    lang,
    event,
    result,
    normalisePersonName(name),
    [remember, ...device.cookies],
    other(request, keep),
  );
}

/**
 * The answer names the person as this phone gave the name (typed now, or remembered by its own
 * cookie), never from anyone else's record: a check-in is found by phone and name together.
 */
function answerCheckIn(
  lang: Lang,
  event: CheckinEvent,
  result: Awaited<ReturnType<typeof selfCheckIn>>,
  name: string,
  cookies?: string[],
  next?: OtherPerson,
) {
  if (result.status === "not_invited") return answer(lang, event, { kind: "not_invited" }, cookies);
  // Another phone's check-in used this ticket: like a stale code, the current one must be scanned.
  if (result.status === "ticket_used") {
    return answer(lang, event, { kind: "token_expired" }, cookies);
  }
  return answer(lang, event, { kind: result.status, at: result.at, name }, cookies, next);
}

const other = (request: CheckinRequest, keep: { ticket: string | null }): OtherPerson => ({
  action: request.path,
  ticket: keep.ticket,
});

export async function handleCheckin(input: CheckinRequest): Promise<CheckinResponse> {
  // Codes are lower case; one read aloud or typed from a poster may not be.
  const request = { ...input, code: input.code.toLowerCase() };
  const lang = await langOf(request.cookie, request.acceptLanguage);
  if (request.code === MINE_CODE) {
    if (request.method === "POST") return updateMine(request, request.form);
    return showMine(request, lang);
  }
  if (request.method === "POST")
    return submit(request, request.form ?? new URLSearchParams(), lang);
  return showPage(request, lang);
}
