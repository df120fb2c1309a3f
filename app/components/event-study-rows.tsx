import type { StudyKind } from "../../db/schema";
import { EventDetailRow } from "~/components/event-detail-row";
import { creditedMinutes } from "~/lib/study-hours";
import { useI18n } from "~/lib/use-i18n";

/** The event page's rows for training hours, pass-only check-in and the cadre-study fields. */
export function EventStudyRows({
  event,
}: {
  event: {
    starts_at: string;
    ends_at: string;
    visibility: string;
    training: number;
    credit_minutes: number | null;
    passes_only: number;
    study_kind: StudyKind | null;
    chair: string | null;
    minutes: string | null;
  };
}) {
  const { t } = useI18n();
  const none = t("event.none");
  const hours = String(Math.round(creditedMinutes(event) / 6) / 10);
  return (
    <>
      <EventDetailRow label="study.event.training">
        {event.training
          ? t(event.credit_minutes === null ? "study.event.durationHours" : "study.event.hours", {
              hours,
            })
          : t("events.no")}
      </EventDetailRow>
      <EventDetailRow label="study.event.passesOnly">
        {t(event.passes_only ? "events.yes" : "events.no")}
      </EventDetailRow>
      {event.visibility === "internal" ? (
        <>
          <EventDetailRow label="study.event.studyKind">
            {event.study_kind ? t(`study.kind.${event.study_kind}`) : none}
          </EventDetailRow>
          <EventDetailRow label="study.event.chair">{event.chair ?? none}</EventDetailRow>
          <EventDetailRow label="study.event.minutes">
            <span className="pre-line">{event.minutes ?? none}</span>
          </EventDetailRow>
        </>
      ) : null}
    </>
  );
}
