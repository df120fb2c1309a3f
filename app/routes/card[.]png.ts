import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/.server/db";
import { cardResponse } from "~/.server/previews/card";
import { homeCard } from "~/.server/previews/previews";
import { defaultLang, parseLang } from "~/lib/i18n";

// The card a chat app shows when the home page's link is shared (its og:image).

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = parseLang(new URL(request.url).searchParams.get("lang")) ?? defaultLang;
  return cardResponse(request, await homeCard(db, { lang }));
}
