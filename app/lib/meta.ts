import type { MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import type { Lang, MessageKey } from "./i18n";
import { defaultLang, parseLang, translator } from "./i18n";

export function errorTitleKey(error: unknown): MessageKey {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return "error.notFound.title";
  if (status === 403) return "error.forbidden.title";
  if (status === 409) return "error.conflict.title";
  if (status === 429) return "error.tooMany.title";
  if (status === 503) return "error.unavailable.title";
  return "error.server.title";
}

/**
 * The reader's language as an error answer carries it: a 503 (the database is away) fails the
 * root loader too, so the page cannot take the language from it.
 */
export function errorLang(error: unknown): Lang | null {
  if (!isRouteErrorResponse(error)) return null;
  const lang = (error.data as { lang?: unknown } | null)?.lang;
  return typeof lang === "string" ? parseLang(lang) : null;
}

/** A meta function giving the page (or its error) a title in the reader's language. */
export function pageTitle(key: MessageKey | null): MetaFunction {
  return ({ matches, error }) => {
    const root = matches.find((match) => match.id === "root")?.data as { lang?: Lang } | undefined;
    const t = translator(root?.lang ?? errorLang(error) ?? defaultLang);
    const titleKey = error ? errorTitleKey(error) : key;
    return [{ title: titleKey ? `${t(titleKey)} · ${t("app.name")}` : t("app.name") }];
  };
}

export type LinkPreview = {
  title: string;
  description: string;
  url: string;
  /** The card's absolute address; none for a page that has no card (a cancelled event). */
  image: string | null;
};

/**
 * What a shared link shows before it is opened (Open Graph, read by chat apps and search
 * engines): title, description and card. React escapes each attribute.
 */
export function previewTags(preview: LinkPreview, siteName: string) {
  const tags = [
    { name: "description", content: preview.description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: siteName },
    { property: "og:title", content: preview.title },
    { property: "og:description", content: preview.description },
    { property: "og:url", content: preview.url },
  ];
  if (!preview.image) return [...tags, { name: "twitter:card", content: "summary" }];
  return [
    ...tags,
    { property: "og:image", content: preview.image },
    { property: "og:image:type", content: "image/png" },
    { property: "og:image:width", content: "1200" },
    { property: "og:image:height", content: "630" },
    { property: "og:image:alt", content: preview.title },
    { name: "twitter:card", content: "summary_large_image" },
  ];
}
