import type { MessageKey } from "~/lib/i18n";
import { langFromAcceptLanguage, translator } from "~/lib/i18n";

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * A small page for requests refused before they reach a route (a foreign Origin, too many
 * requests), in the language the browser asks for.
 */
export function renderRefusal(input: {
  acceptLanguage: string | null;
  title: MessageKey;
  body: MessageKey;
}) {
  const lang = langFromAcceptLanguage(input.acceptLanguage);
  const t = translator(lang);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t(input.title))} · ${escape(t("app.name"))}</title></head><body style="font:1.125rem/1.6 system-ui,sans-serif;margin:1.5rem;max-width:40rem"><h1>${escape(t(input.title))}</h1><p>${escape(t(input.body))}</p><p><a href="/">${escape(t("error.backHome"))}</a></p></body></html>`;
}
