import type { MessageKey } from "~/lib/i18n";
import { langFromAcceptLanguage, translator } from "~/lib/i18n";

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** The refusal page's only style; the Content-Security-Policy allows it by its hash. */
export const REFUSAL_STYLE =
  "body{font:1.125rem/1.6 system-ui,sans-serif;margin:1.5rem;max-width:40rem}";

/**
 * A small page for requests refused before they reach a route (a foreign Origin, too large a
 * body, too many requests), in the language the browser asks for. `back` is a path of this site
 * to return to (the page the refused form was on); without one the link leads home.
 */
export function renderRefusal(input: {
  acceptLanguage: string | null;
  title: MessageKey;
  body: MessageKey;
  back?: string | null;
  /** The request's id, for the user to quote. */
  requestId?: string | null;
}) {
  const lang = langFromAcceptLanguage(input.acceptLanguage);
  const t = translator(lang);
  const link = input.back
    ? `<a href="${escape(input.back)}">${escape(t("error.goBack"))}</a>`
    : `<a href="/">${escape(t("error.backHome"))}</a>`;
  const id = input.requestId
    ? `<p><small>${escape(t("error.requestId", { id: input.requestId }))}</small></p>`
    : "";
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t(input.title))} · ${escape(t("app.name"))}</title><style>${REFUSAL_STYLE}</style></head><body><h1>${escape(t(input.title))}</h1><p>${escape(t(input.body))}</p><p>${link}</p>${id}</body></html>`;
}
