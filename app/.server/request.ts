import { createCookie, redirect } from "@remix-run/node";
import type { Lang, MessageKey } from "~/lib/i18n";
import { langFromAcceptLanguage, parseLang } from "~/lib/i18n";
import { env } from "./env";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server saw it (X-Forwarded-For only with TRUST_PROXY). */
    clientIp: string | null;
  }
}

const langCookie = createCookie("pufa_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The reader's language: their choice in the cookie, else the browser's Accept-Language. */
export function getLang(request: Request): Promise<Lang> {
  return langOf(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

export async function langOf(cookie: string | null, acceptLanguage: string | null): Promise<Lang> {
  const chosen = parseLang(await langCookie.parse(cookie));
  return chosen ?? langFromAcceptLanguage(acceptLanguage);
}

export function serializeLang(lang: Lang) {
  return langCookie.serialize(lang);
}

export type Flash = { key: MessageKey; values?: Record<string, string | number> };

const flashCookie = createCookie("pufa_flash", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60,
  secrets: [env.cookieSecret],
});

/** Post, redirect, get: the next page shows the message once, in the reader's language. */
export async function redirectWithFlash(url: string, flash: Flash, headers: HeadersInit = {}) {
  const all = new Headers(headers);
  all.append("Set-Cookie", await flashCookie.serialize(flash));
  return redirect(url, { headers: all });
}

export async function takeFlash(request: Request) {
  const flash = ((await flashCookie.parse(request.headers.get("Cookie"))) as Flash | null) ?? null;
  const headers = new Headers();
  if (flash) headers.append("Set-Cookie", await flashCookie.serialize("", { maxAge: 0 }));
  return { flash, headers };
}

/**
 * A path on this site to go back to after logging in; anything else becomes the dashboard. The
 * app sends paths percent-encoded: other characters could not go into the Location header.
 */
export function safeNext(value: FormDataEntryValue | string | null | undefined) {
  return typeof value === "string" &&
    value.startsWith("/") &&
    !value.startsWith("//") &&
    /^[\x21-\x7e]*$/.test(value)
    ? value
    : "/dashboard";
}
