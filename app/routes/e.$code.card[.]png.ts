import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/.server/db";
import { cardResponse } from "~/.server/previews/card";
import { eventCard } from "~/.server/previews/previews";
import { defaultLang, parseLang } from "~/lib/i18n";

// The card a chat app shows when an event's public link is shared (its og:image).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = parseLang(new URL(request.url).searchParams.get("lang")) ?? defaultLang;
  return cardResponse(request, await eventCard(db, { code: params.code ?? "", lang }));
}
