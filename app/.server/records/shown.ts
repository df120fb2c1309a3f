import type { Lang } from "~/lib/i18n";
import { formatDate, shanghaiDay, shanghaiDayStart } from "~/lib/time";
import type { LearnerRecord } from "./learner-record";

// Pages get dates as text written here on the server: the browser would write them with its own
// ICU and time zone, and the page would not hydrate.

export const formatDay = (lang: Lang, day: string) => formatDate(lang, shanghaiDayStart(day));

/** This year in Beijing time. */
export const thisYear = () => Number(shanghaiDay(new Date().toISOString()).slice(0, 4));

/** The years a page offers: this year and the five before (records older than that are rare). */
export const yearsToOffer = () => Array.from({ length: 6 }, (_, index) => thisYear() - index);

/** A person's record with its dates written out for the reader. */
export function shownRecord(lang: Lang, record: LearnerRecord) {
  const { learner } = record;
  return {
    ...record,
    learner: {
      ...learner,
      recognisedOn: learner.recognisedOn ? formatDay(lang, learner.recognisedOn) : null,
      retiredOn: learner.retiredOn ? formatDay(lang, learner.retiredOn) : null,
    },
    trainings: record.trainings.map((training) => ({
      eventId: training.eventId,
      title: training.title,
      date: formatDate(lang, training.startsAt),
      minutes: training.minutes,
    })),
    duties: record.duties.map(({ occurredOn, source: _source, ...duty }) => ({
      ...duty,
      date: formatDay(lang, occurredOn),
    })),
    link: record.link
      ? {
          issuedAt: formatDate(lang, record.link.issuedAt),
          until: formatDay(lang, record.link.lastDay),
          expired: record.link.expired,
        }
      : null,
  };
}
