import { createHash } from "node:crypto";
import type { Db } from "../db";
import { notFound } from "../errors";
import { getPublicEvent } from "../events/public-events";
import { describeCoverage } from "../units/units";
import type { Card } from "./card";
import { cachedCard } from "./card";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import type { EventFormat } from "../../../db/schema";
import { formatDateTimeRange } from "~/lib/time";

// What a shared link shows before it is opened: a description (day, time and place of an event)
// and a card image. Only what the public page itself shows goes in: public events, published or
// held (a cancelled one keeps its page and its notice, but no card), never an internal one.

/** Bump when the card's drawing changes, so that caches keyed by its version let go of old ones. */
const DESIGN = "1";

type PreviewEvent = {
  code: string;
  title: string;
  format: EventFormat;
  starts_at: string;
  ends_at: string;
  venue: string;
  village_name: string | null;
  status: string;
  updated_at: string;
};

const version = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\n")).digest("base64url").slice(0, 16);

function eventWords(event: PreviewEvent, lang: Lang) {
  const t = translator(lang);
  const when = formatDateTimeRange(lang, event.starts_at, event.ends_at);
  const place = event.village_name
    ? t("common.aside", { text: event.venue, aside: event.village_name })
    : event.venue;
  return { t, when, place };
}

/** The tags of an event's public page: its description, and its card while it has one. */
export function eventPreviewTags(event: PreviewEvent, input: { lang: Lang; base: string }) {
  const { t, when, place } = eventWords(event, input.lang);
  const cancelled = event.status === "cancelled";
  const v = version(DESIGN, event.code, event.updated_at);
  return {
    url: `${input.base}/e/${event.code}`,
    description: t(cancelled ? "preview.cancelledDescription" : "preview.eventDescription", {
      when,
      place,
    }),
    image: cancelled ? null : `${input.base}/e/${event.code}/card.png?lang=${input.lang}&v=${v}`,
  };
}

/** An event's card as a PNG and its version (for the ETag); not found unless it has one. */
export async function eventCard(db: Db, input: { code: string; lang: Lang }) {
  const event = await getPublicEvent(db, { code: input.code });
  if (event.status === "cancelled") throw notFound();
  const { t, when, place } = eventWords(event, input.lang);
  const v = `${version(DESIGN, event.code, event.updated_at)}-${input.lang}`;
  const card: Card = {
    kicker: t("preview.eventKicker", { format: t(`format.${event.format}`) }),
    title: event.title,
    lines: [when, place],
    footer: t("app.name"),
  };
  return { version: v, png: await cachedCard(`event:${v}`, () => card) };
}

/** The area the site serves, as the home page and its card name it. */
async function servedUnit(db: Db) {
  return (await describeCoverage(db))?.unit ?? null;
}

/** The home page's tags, for the area it serves (its coverage's unit). */
export function homePreviewTags(unit: string | null, input: { lang: Lang; base: string }) {
  const t = translator(input.lang);
  return {
    siteName: t("app.name"),
    title: t("home.title"),
    description: unit ? t("preview.homeDescription", { unit }) : t("preview.homeDescriptionNoUnit"),
    url: `${input.base}/`,
    image: `${input.base}/card.png?lang=${input.lang}&v=${version(DESIGN, unit ?? "")}`,
  };
}

/** The home page's card as a PNG and its version. */
export async function homeCard(db: Db, input: { lang: Lang }) {
  const t = translator(input.lang);
  const unit = await servedUnit(db);
  const card: Card = {
    kicker: unit ? t("preview.homeKicker", { unit }) : t("app.name"),
    title: t("home.title"),
    lines: [t("preview.homeLine")],
    footer: t("app.name"),
  };
  const key = `${version(DESIGN, unit ?? "")}-${input.lang}`;
  return { version: key, png: await cachedCard(`home:${key}`, () => card) };
}
