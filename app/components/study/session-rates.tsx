import { Link } from "@remix-run/react";
import type { StudyKind } from "../../../db/schema";
import { formatDateTime } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/**
 * A session's attendance rate, "50% (2 of 4)". `rate` is null until the session has been held
 * (run and over): before its end, nobody is absent yet.
 */
export function SessionRate({
  rate,
  came,
  invited,
  held,
}: {
  rate: number | null;
  came: number;
  invited: number;
  held: boolean;
}) {
  const { t } = useI18n();
  if (!held) return <>{t("study.sessions.notHeld")}</>;
  if (rate === null) return <>{t("study.none")}</>;
  return <>{t("study.sessions.rateValue", { rate, came, invited })}</>;
}

export type SessionRateRow = {
  id: number;
  title: string;
  study_kind: StudyKind;
  starts_at: string;
  rate: number | null;
  came: number;
  invited: number;
  held: boolean;
};

/** Study sessions, each linked to its page, with its kind, start and attendance rate. */
export function SessionRateTable({ sessions }: { sessions: SessionRateRow[] }) {
  const { t, lang } = useI18n();
  if (sessions.length === 0) return <p>{t("study.sessions.empty")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("event.title")}</th>
            <th scope="col">{t("study.event.studyKind")}</th>
            <th scope="col">{t("event.startsAt")}</th>
            <th scope="col">{t("study.sessions.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id}>
              <td>
                <Link to={`/study/sessions/${session.id}`}>{session.title}</Link>
              </td>
              <td>{t(`study.kind.${session.study_kind}`)}</td>
              <td>{formatDateTime(lang, session.starts_at)}</td>
              <td>
                <SessionRate {...session} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
