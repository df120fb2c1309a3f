import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { postOnly } from "~/.server/errors";
import { readForm } from "~/.server/forms";
import { safeNext, serializeLang } from "~/.server/request";
import { defaultLang, parseLang } from "~/lib/i18n";

export const loader = postOnly;

/** Remembers the chosen language in a cookie and goes back to the page it was chosen on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = parseLang(String(form.get("lang"))) ?? defaultLang;
  return redirect(safeNext(form.get("next"), "/"), {
    headers: { "Set-Cookie": await serializeLang(lang) },
  });
}
