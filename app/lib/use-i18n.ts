import { useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { Lang } from "./i18n";
import { defaultLang, translator } from "./i18n";
import { errorLang } from "./meta";

type RootData = { lang: Lang } | undefined;

/**
 * The reader's language and its translator, from the root loader; when it failed, from the error
 * answer if that says (a 503 does), else Chinese.
 */
export function useI18n() {
  const rootLang = useRouteLoaderData<RootData>("root")?.lang;
  const error = useRouteError();
  const lang = rootLang ?? errorLang(error) ?? defaultLang;
  return { lang, t: translator(lang) };
}
