import { useRouteLoaderData } from "@remix-run/react";
import type { Lang } from "./i18n";
import { defaultLang, translator } from "./i18n";

type RootData = { lang: Lang } | undefined;

/** The reader's language and its translator, from the root loader (Chinese if it failed). */
export function useI18n() {
  const lang = useRouteLoaderData<RootData>("root")?.lang ?? defaultLang;
  return { lang, t: translator(lang) };
}
