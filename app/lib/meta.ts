import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import type { Lang, MessageKey } from "./i18n";
import { defaultLang, translator } from "./i18n";

export function errorTitleKey(error: unknown): MessageKey {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return "error.notFound.title";
  if (status === 403) return "error.forbidden.title";
  if (status === 409) return "error.conflict.title";
  if (status === 429) return "error.tooMany.title";
  return "error.server.title";
}

/** A meta function giving the page (or its error) a title in the reader's language. */
export function pageTitle(key: MessageKey | null): MetaFunction {
  return ({ matches, error }) => {
    const root = matches.find((match) => match.id === "root")?.data as { lang?: Lang } | undefined;
    const t = translator(root?.lang ?? defaultLang);
    const titleKey = error ? errorTitleKey(error) : key;
    return [{ title: titleKey ? `${t(titleKey)} · ${t("app.name")}` : t("app.name") }];
  };
}
