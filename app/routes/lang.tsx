import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readForm } from "~/.server/forms";
import { serializeLang } from "~/.server/request";
import { defaultLang, parseLang } from "~/lib/i18n";

/** Remembers the chosen language in a cookie and goes back to the page it was chosen on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = parseLang(String(form.get("lang"))) ?? defaultLang;
  const next = String(form.get("next") ?? "/");
  // Only a percent-encoded path fits the Location header (the page sends one).
  const back =
    next.startsWith("/") && !next.startsWith("//") && /^[\x21-\x7e]*$/.test(next) ? next : "/";
  return redirect(back, { headers: { "Set-Cookie": await serializeLang(lang) } });
}
