import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";

/**
 * The evidence papers of an event (活动记录表 and 签到表 as Word, the 签到表 as an A4 page; a
 * study session's 学法记录): offered once it is over, otherwise the reason in their place. The
 * download routes refuse the same events (documents/access.ts): this only keeps the page honest.
 */
export function EventPapers({
  event,
}: {
  /** `held` as isHeld says (run and over); `study`: a study session, whose record is its own. */
  event: { id: number; held: boolean; cancelled: boolean; study: boolean };
}) {
  const { t } = useI18n();
  const base = `/events/${event.id}`;
  const refusal = event.cancelled ? "documents.cancelled" : event.held ? null : "documents.notHeld";
  return (
    <section className="card" aria-labelledby="papers">
      <h2 id="papers">{t("documents.download.heading")}</h2>
      {refusal ? (
        <p role="note">{t(refusal)}</p>
      ) : (
        <ul>
          {event.study ? (
            <li>
              <a href={`/study/sessions/${event.id}/record.docx`} download>
                {t("documents.download.study")}
              </a>
            </li>
          ) : (
            <li>
              <a href={`${base}/record.docx`} download>
                {t("documents.download.record")}
              </a>
            </li>
          )}
          <li>
            <a href={`${base}/signin.docx`} download>
              {t("documents.download.signin")}
            </a>
          </li>
          <li>
            <Link to={`${base}/signin`}>{t("documents.download.signinPage")}</Link>
          </li>
        </ul>
      )}
    </section>
  );
}
