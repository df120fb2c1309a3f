import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { hoursNumber } from "~/lib/hours";
import { creditedMinutes } from "~/lib/study-hours";
import { formatDateTimeRange } from "~/lib/time";
import type { Db } from "../db";
import { notFound } from "../errors";
import { photosOf } from "../photos/read";
import { eventFacts, placeOf } from "./event-facts";
import type { FieldValue } from "./word";
import { fieldTable, paragraphsOf, photoParagraphs, title, wordDocument } from "./word";

const RECORD_PHOTOS = 4;

/**
 * Who was expected and who came: each invitee with whether they checked in and, if not, the
 * reason recorded; anyone else who checked in came too (a guest). By name and post, no phones.
 */
async function sessionPeople(db: Db, eventId: number) {
  const invited = await db
    .selectFrom("event_invitation as i")
    .innerJoin("person", "person.id", "i.person_id")
    .leftJoin("checkin", (join) =>
      join
        .onRef("checkin.event_id", "=", "i.event_id")
        .onRef("checkin.person_id", "=", "i.person_id"),
    )
    .leftJoin("cadre", "cadre.person_id", "person.id")
    .select([
      "person.id",
      "person.name",
      "cadre.position",
      "i.absence_reason",
      "i.absence_note",
      "checkin.id as checkin_id",
    ])
    .where("i.event_id", "=", eventId)
    .orderBy("person.name")
    .orderBy("person.id")
    .execute();
  const guests = await db
    .selectFrom("checkin")
    .select(["checkin.name"])
    .where("checkin.event_id", "=", eventId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("event_invitation as i")
            .select("i.person_id")
            .whereRef("i.event_id", "=", "checkin.event_id")
            .whereRef("i.person_id", "=", "checkin.person_id"),
        ),
      ),
    )
    .orderBy("checkin.checked_in_at")
    .orderBy("checkin.id")
    .execute();
  return {
    invited: invited.length,
    came: [
      ...invited.filter((row) => row.checkin_id !== null),
      ...guests.map((row) => ({ name: row.name, position: null })),
    ],
    absent: invited.filter((row) => row.checkin_id === null),
  };
}

/**
 * The 学法记录 of a study session (中心组学法, 执法人员专题培训, 推进会 and the other kinds): date,
 * topic, speaker, chair, who was expected and who came, the absent with their reasons, hours,
 * minutes and photos. NOT_FOUND for an event that is no study session. Checks no permission and
 * writes no log: the caller does both.
 */
export async function studyRecordDocx(db: Db, eventId: number, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const event = await eventFacts(db, eventId);
  if (!event.study_kind) throw notFound();
  const [people, photos] = await Promise.all([
    sessionPeople(db, event.id),
    photosOf(db, { event: event.id }, "display", RECORD_PHOTOS),
  ]);
  const none = t("documents.record.none");
  const comma = lang === "en" ? ", " : "、";
  const withPost = (person: { name: string; position: string | null }) =>
    person.position
      ? lang === "en"
        ? `${person.name} (${person.position})`
        : `${person.name}（${person.position}）`
      : person.name;
  const absence = (row: (typeof people.absent)[number]) => {
    const reason = row.absence_reason
      ? t(`study.absence.${row.absence_reason}`)
      : t("documents.study.noReason");
    const why = row.absence_note
      ? `${reason}${lang === "en" ? ": " : "："}${row.absence_note}`
      : reason;
    return `${row.name}${lang === "en" ? ": " : "："}${why}`;
  };
  const hours = hoursNumber(lang, creditedMinutes(event));
  const fields: [string, FieldValue][] = [
    [t("documents.study.kind"), t(`study.kind.${event.study_kind}`)],
    [t("documents.study.topic"), event.title],
    [t("documents.study.date"), formatDateTimeRange(lang, event.starts_at, event.ends_at)],
    [t("documents.study.place"), placeOf(event)],
    [t("documents.study.host"), event.host_name],
    [t("documents.study.speaker"), event.speaker ?? none],
    [t("documents.study.chair"), event.chair ?? none],
    [
      t("documents.study.counts"),
      t("documents.study.countsValue", { invited: people.invited, came: people.came.length }),
    ],
    [t("documents.study.attendees"), people.came.map(withPost).join(comma) || none],
    [
      t("documents.study.absentees"),
      people.absent.length > 0
        ? people.absent.map(absence).join("\n")
        : t("documents.study.noAbsentees"),
    ],
    [
      t("documents.study.hours"),
      event.training
        ? t("documents.study.hoursValue", { hours })
        : t("study.event.durationHours", { hours }),
    ],
    [t("documents.study.minutes"), event.minutes ? paragraphsOf(event.minutes) : none],
    [
      t("documents.study.photos"),
      photos.length > 0 ? photoParagraphs(photos) : t("documents.record.noPhotos"),
    ],
  ];
  return wordDocument({
    title: `${event.title} ${t("documents.study.title")}`,
    children: [title(t("documents.study.title")), fieldTable(fields)],
  });
}
