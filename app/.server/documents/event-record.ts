import type { Lang } from "~/lib/i18n";
import { formatNumber, localName, translator } from "~/lib/i18n";
import { formatDate, formatDateTimeRange } from "~/lib/time";
import { now } from "../clock";
import type { Db } from "../db";
import { photosOf } from "../photos/read";
import { eventFacts, placeOf } from "./event-facts";
import { signinSheetParts } from "./signin-sheet";
import type { FieldValue } from "./word";
import { fieldTable, line, paragraphsOf, photoParagraphs, title, wordDocument } from "./word";

/** A record shows two to four photos: the first four added. */
const RECORD_PHOTOS = 4;

/**
 * The 活动记录表 of an event as offices file it: a table of label and value (name, time, place,
 * host, speaker, audience, format, campaign, attendance with check-ins and the estimated crowd
 * apart, materials, consultations, summary, photos), and its sign-in sheet as the annex on a page
 * of its own. Checks no permission and writes no log: the caller does both.
 */
export async function eventRecordDocx(db: Db, eventId: number, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const event = await eventFacts(db, eventId);
  const photos = await photosOf(db, { event: event.id }, "display", RECORD_PHOTOS);
  const none = t("documents.record.none");
  const notRecorded = t("documents.record.notRecorded");
  const count = (value: number | null, key: "materialsValue" | "consultationsValue") =>
    value === null ? notRecorded : t(`documents.record.${key}`, { count: value });
  const role = event.speaker_role ? t(`speakerRole.${event.speaker_role}`) : null;
  const speaker = !event.speaker
    ? none
    : !role
      ? event.speaker
      : lang === "en"
        ? `${event.speaker} (${role})`
        : `${event.speaker}（${role}）`;
  const fields: [string, FieldValue][] = [
    [t("documents.record.name"), event.title],
    [t("documents.record.time"), formatDateTimeRange(lang, event.starts_at, event.ends_at)],
    [t("documents.record.place"), placeOf(event)],
    [t("documents.record.host"), event.host_name],
    [t("documents.record.speaker"), speaker],
    [
      t("documents.record.audience"),
      event.audience.map((group) => t(`group.${group}`)).join(lang === "en" ? ", " : "、") || none,
    ],
    [t("documents.record.format"), t(`format.${event.format}`)],
    [
      t("documents.record.campaign"),
      event.campaign_name ? localName(lang, event.campaign_name, event.campaign_name_en) : none,
    ],
    [
      t("documents.record.attendance"),
      t("documents.record.attendanceValue", {
        checkins: formatNumber(lang, event.checkins),
        crowd:
          event.estimated_crowd === null
            ? notRecorded
            : t("documents.record.crowdValue", { crowd: event.estimated_crowd }),
      }),
    ],
    [t("documents.record.materials"), count(event.materials_handed_out, "materialsValue")],
    [t("documents.record.consultations"), count(event.consultations, "consultationsValue")],
    [t("documents.record.summary"), event.summary ? paragraphsOf(event.summary) : notRecorded],
    [
      t("documents.record.photos"),
      photos.length > 0 ? photoParagraphs(photos) : t("documents.record.noPhotos"),
    ],
  ];
  return wordDocument({
    title: `${event.title} ${t("documents.record.title")}`,
    children: [
      title(t("documents.record.title")),
      fieldTable(fields),
      line(t("documents.record.madeBy", { host: event.host_name, date: formatDate(lang, now()) }), {
        right: true,
      }),
      ...(await signinSheetParts(db, event, lang, {
        pageBreakBefore: true,
        heading: t("documents.record.annex"),
      })),
    ],
  });
}
