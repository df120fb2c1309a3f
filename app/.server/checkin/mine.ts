import type { Lang } from "~/lib/i18n";
import { dateTimeFormat, translator } from "~/lib/i18n";
import { db } from "../db";
import type { CheckinRequest, CheckinResponse } from "./handler";
import type { OwnPhone } from "./my-checkins";
import { deleteMyCheckins, myCheckins, withdrawMyConsent } from "./my-checkins";
import { MINE_PATH, document, escape } from "./page";
import { heldDevice, isRemembered, rememberCookie } from "./phone-cookies";

// /c/mine: the resident's own check-ins, from the phone that made them. Plain HTML and plain
// forms like the check-in page; each POST redirects back here with a one-minute note of what it
// did. The cookies are SameSite=Lax, so a form posted from another site arrives without them and
// finds no one: it can change nothing.

const NOTE_COOKIE = "pufa_mine_note";

async function ownPhone(cookie: string | null): Promise<OwnPhone | null> {
  const value: unknown = await rememberCookie.parse(cookie);
  const device = heldDevice(cookie);
  if (!isRemembered(value) || !device) return null;
  return { person: value.person, consent: value.consent, device };
}

const noteCookie = (value: string, maxAge: number) =>
  `${NOTE_COOKIE}=${value}; Max-Age=${maxAge}; Path=${MINE_PATH}; HttpOnly; SameSite=Lax`;

/** What the last POST did: "deleted.<n>" or "withdrawn", nothing else. */
function noteOf(cookie: string | null) {
  const note = new RegExp(`(?:^|;\\s*)${NOTE_COOKIE}=(deleted\\.\\d{1,6}|withdrawn)(?:;|$)`).exec(
    cookie ?? "",
  )?.[1];
  if (!note) return null;
  return note === "withdrawn"
    ? { kind: "withdrawn" as const }
    : { kind: "deleted" as const, count: Number(note.slice(8)) };
}

const page = (body: string, cookies: string[] = []): CheckinResponse => ({
  status: 200,
  headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  cookies,
  body,
});

const timeOptions: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};

export async function showMine(request: CheckinRequest, lang: Lang): Promise<CheckinResponse> {
  const t = translator(lang);
  const mine = await myCheckins(db, await ownPhone(request.cookie));
  const note = noteOf(request.cookie);
  const noteText =
    note?.kind === "deleted"
      ? t("mine.deleted", { count: note.count })
      : note?.kind === "withdrawn"
        ? t("mine.withdrawn")
        : null;
  const noteHtml = noteText
    ? `<div class="answer ok" role="status"><p>${escape(noteText)}</p></div>`
    : "";
  const form = (intent: string, label: string, hint: string, style = "") =>
    `<form method="post" action="${MINE_PATH}"><input type="hidden" name="intent" value="${intent}"><p class="hint">${escape(hint)}</p><button type="submit"${style}>${escape(label)}</button></form>`;
  let body: string;
  if (mine && mine.checkins.length > 0) {
    const when = dateTimeFormat(lang, timeOptions);
    const items = mine.checkins
      .map(
        (c) =>
          `<li><strong>${escape(c.title)}</strong><br>${escape(t("common.labelled", { label: t("mine.when"), value: when.format(new Date(c.at)) }))}</li>`,
      )
      .join("");
    body = `<p>${escape(t("mine.intro", { name: mine.name }))}</p><ul class="ways">${items}</ul>${form("delete", t("mine.delete"), t("mine.deleteNote"))}`;
  } else {
    body = `<div class="answer no"><h2>${escape(t("mine.none"))}</h2><p>${escape(t("mine.noneBody"))}</p></div>`;
  }
  if (mine) body += form("withdraw", t("mine.withdraw"), t("mine.withdrawNote"), ' class="link"');
  // The note is read once.
  const cookies = note ? [noteCookie("", 0)] : [];
  return page(
    document(
      lang,
      t("mine.title"),
      `<h1>${escape(t("mine.title"))}</h1>${noteHtml}${body}<p><a href="/">${escape(t("mine.back"))}</a></p>`,
    ),
    cookies,
  );
}

export async function updateMine(
  request: CheckinRequest,
  form: URLSearchParams | null,
): Promise<CheckinResponse> {
  const phone = await ownPhone(request.cookie);
  const cookies: string[] = [];
  const intent = form?.get("intent");
  if (intent === "delete") {
    const count = await deleteMyCheckins(db, { phone, ip: request.clientIp });
    if (phone) cookies.push(noteCookie(`deleted.${count}`, 60));
    // The person those check-ins named is forgotten: the phone forgets them too.
    if (count > 0) cookies.push(await rememberCookie.serialize("", { maxAge: 0 }));
  } else if (intent === "withdraw") {
    if (await withdrawMyConsent(db, { phone, ip: request.clientIp })) {
      cookies.push(noteCookie("withdrawn", 60));
    }
    cookies.push(await rememberCookie.serialize("", { maxAge: 0 }));
  }
  return {
    status: 303,
    headers: { Location: MINE_PATH, "Cache-Control": "no-store" },
    cookies,
    body: "",
  };
}
