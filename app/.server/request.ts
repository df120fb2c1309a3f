import { createCookie, redirect } from "@remix-run/node";
import type { Lang, MessageKey } from "~/lib/i18n";
import { langFromAcceptLanguage, parseLang } from "~/lib/i18n";
import { signedCookie } from "./cookies";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server saw it (X-Forwarded-For only with TRUST_PROXY). */
    clientIp: string | null;
    /** This response's Content-Security-Policy nonce (absent under the dev server). */
    cspNonce?: string;
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

const flashCookie = signedCookie("pufa_flash", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60,
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

const ORIGIN = "http://pufa.invalid";
/** Backslashes (which browsers read as slashes) and control characters (which they drop). */
const HOSTILE = /[\\\p{Cc}]/u;

function decoded(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * A path on this site to go back to (after logging in, after switching language); anything else
 * becomes `fallback`. The value and its decoded form must both be a path that starts with exactly
 * one slash and holds no backslash or control character, so neither a browser nor a proxy that
 * decodes once can read it as another host; what it resolves to must stay on this origin and is
 * returned percent-encoded, as a Location header needs.
 */
export function safeNext(value: FormDataEntryValue | null | undefined, fallback = "/dashboard") {
  if (typeof value !== "string") return fallback;
  const plain = decoded(value);
  if (plain === null) return fallback;
  for (const candidate of [value, plain]) {
    if (!candidate.startsWith("/") || candidate.startsWith("//") || HOSTILE.test(candidate)) {
      return fallback;
    }
  }
  const url = new URL(value, ORIGIN);
  const path = url.pathname + url.search + url.hash;
  return url.origin === ORIGIN && !path.startsWith("//") ? path : fallback;
}
