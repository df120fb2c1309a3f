import { createCookie } from "@remix-run/node";
import { CONSENT_VERSION } from "~/lib/checkin-window";
import { selfCheckinSchema } from "~/lib/checkin-schema";
import { fieldErrors } from "~/lib/schemas";
import { db } from "../db";
import { env } from "../env";
import { getLang } from "../request";
import type { Answer, FormState } from "./page";
import { renderAnswer, renderForm } from "./page";
import { issueTicket } from "./qr-token";
import { RateLimiter } from "./rate-limit";
import type { CheckinEvent } from "./self-checkin";
import { findCheckinEvent, gateCheckin, selfCheckIn, villagesForEvent } from "./self-checkin";

// The resident's check-in at /c/<code>: a page without JavaScript and a POST that answers only
// after the check-in is committed.

const rememberCookie = createCookie("pufa_me", {
  path: "/c",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
  secrets: [env.cookieSecret],
});

const perIp = new RateLimiter(env.CHECKIN_LIMIT_PER_IP);
const perEvent = new RateLimiter(env.CHECKIN_LIMIT_PER_EVENT);

function html(body: string, status = 200, headers: HeadersInit = {}) {
  const all = new Headers(headers);
  all.set("Content-Type", "text/html; charset=utf-8");
  all.set("Cache-Control", "no-store");
  return new Response(body, { status, headers: all });
}

const statusOf: Record<Answer["kind"], number> = {
  new: 200,
  already: 200,
  early: 409,
  closed: 410,
  cancelled: 410,
  token_expired: 403,
  not_invited: 403,
  unknown: 404,
  too_many: 429,
};

const answer = (
  lang: Awaited<ReturnType<typeof getLang>>,
  event: CheckinEvent | null,
  result: Answer,
  headers?: HeadersInit,
) => html(renderAnswer(lang, event, result), statusOf[result.kind], headers);

async function rememberedPerson(request: Request) {
  const id: unknown = await rememberCookie.parse(request.headers.get("Cookie"));
  if (typeof id !== "number") return null;
  const person = await db
    .selectFrom("person")
    .select(["id", "name", "consent_version"])
    .where("id", "=", id)
    .executeTakeFirst();
  // A changed privacy notice must be read and agreed to again: no one-tap then.
  return person && person.consent_version === CONSENT_VERSION ? person : null;
}

async function formState(
  event: CheckinEvent,
  request: Request,
  extra: Partial<FormState>,
): Promise<FormState> {
  const url = new URL(request.url);
  return {
    ticket: event.rotating_qr ? issueTicket(event.qr_secret) : null,
    villages: await villagesForEvent(db, event),
    action: url.pathname,
    ...extra,
  };
}

export async function showCheckinPage(request: Request, code: string) {
  const lang = await getLang(request);
  const event = await findCheckinEvent(db, code);
  if (!event) return answer(lang, null, { kind: "unknown" });
  const token = new URL(request.url).searchParams.get("t");
  const gate = gateCheckin(event, { nowMs: Date.now(), token });
  if (gate.kind !== "open") return answer(lang, event, gate);
  const remembered = await rememberedPerson(request);
  return html(renderForm(lang, event, await formState(event, request, { remembered })));
}

export async function submitCheckin(request: Request, code: string, clientIp: string | null) {
  const lang = await getLang(request);
  if (!perIp.take(clientIp ?? "unknown") || !perEvent.take(code)) {
    return answer(lang, null, { kind: "too_many" });
  }
  const [event, form] = await Promise.all([findCheckinEvent(db, code), request.formData()]);
  if (!event) return answer(lang, null, { kind: "unknown" });
  const ticket = form.get("ticket");
  const gate = gateCheckin(event, {
    nowMs: Date.now(),
    ticket: typeof ticket === "string" ? ticket : "",
  });
  if (gate.kind !== "open") return answer(lang, event, gate);
  const keep = { ticket: typeof ticket === "string" && ticket ? ticket : null };

  const intent = form.get("intent");
  if (intent === "forget") {
    const headers = { "Set-Cookie": await rememberCookie.serialize("", { maxAge: 0 }) };
    return html(renderForm(lang, event, await formState(event, request, keep)), 200, headers);
  }
  if (intent === "remembered") {
    const person = await rememberedPerson(request);
    if (!person) return html(renderForm(lang, event, await formState(event, request, keep)));
    const result = await selfCheckIn(db, {
      event,
      person: { id: person.id },
      consentVersion: CONSENT_VERSION,
    });
    return result.status === "not_invited"
      ? answer(lang, event, { kind: "not_invited" })
      : answer(lang, event, { kind: result.status, at: result.at });
  }

  const parsed = selfCheckinSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const values = Object.fromEntries(
      [...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const state = await formState(event, request, {
      ...keep,
      errors: fieldErrors(parsed.error),
      values,
    });
    return html(renderForm(lang, event, state), 400);
  }
  const { name, phone, villageId, employer, group } = parsed.data;
  const villages = await villagesForEvent(db, event);
  const result = await selfCheckIn(db, {
    event,
    person: {
      name,
      phone,
      villageId: villages.some((v) => v.id === villageId) ? villageId : null,
      employer,
      group,
    },
    consentVersion: CONSENT_VERSION,
  });
  if (result.status === "not_invited") return answer(lang, event, { kind: "not_invited" });
  const headers = { "Set-Cookie": await rememberCookie.serialize(result.personId) };
  return answer(lang, event, { kind: result.status, at: result.at }, headers);
}
