import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";

/** The dashboard's note for organisers: entries sent by 法律明白人 that wait for a decision. */
export function DutyQueuePanel({ pending }: { pending: number | null }) {
  const { t } = useI18n();
  if (!pending) return null;
  return (
    <section className="card" aria-labelledby="duty-queue">
      <h2 id="duty-queue">{t("duty.title")}</h2>
      <p>
        <Link to="/duties/queue">{t("duty.queue.panel", { count: pending })}</Link>
      </p>
    </section>
  );
}
