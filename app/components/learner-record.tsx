import type { DutyKind, DutyStatus } from "../../db/schema";
import { useEffect, useState } from "react";
import { hoursNumber } from "~/lib/hours";
import { useI18n } from "~/lib/use-i18n";

// A person's year as the person's page and the printed record show it: trainings with hours
// against the target, and the duty entries. Dates come from the server as text (see loaders).

export type ShownTraining = { eventId: number; title: string; date: string; minutes: number };

export type ShownDuty = {
  id: number;
  date: string;
  kind: DutyKind;
  served: string;
  content: string;
  result: string | null;
  disputeResolved: 0 | 1 | null;
  status: DutyStatus;
  returnReason: string | null;
};

export function useHours() {
  const { t, lang } = useI18n();
  return (minutes: number) => t("duty.hours", { hours: hoursNumber(lang, minutes) });
}

/** "12.0 小时 / 目标 12.0 小时 · 已达标" or "… · 还差 3.5 小时". */
export function HoursAgainstTarget({ total, target }: { total: number; target: number }) {
  const { t } = useI18n();
  const hours = useHours();
  const short = target - total;
  return (
    <p className="hours-total">
      {t("duty.totalAgainstTarget", { total: hours(total), target: hours(target) })}{" "}
      <strong className={short > 0 ? "hours-short" : "hours-met"}>
        {short > 0 ? t("duty.shortBy", { hours: hours(short) }) : t("duty.met")}
      </strong>
    </p>
  );
}

export function TrainingTable({ trainings }: { trainings: ShownTraining[] }) {
  const { t } = useI18n();
  const hours = useHours();
  if (trainings.length === 0) return <p>{t("duty.noTrainings")}</p>;
  return (
    // A wide table scrolls inside its frame on a phone: the frame takes focus for the keyboard.
    <div className="table-wrap" role="region" aria-label={t("duty.col.training")} tabIndex={0}>
      <table className="training-table">
        <thead>
          <tr>
            <th scope="col">{t("duty.col.date")}</th>
            <th scope="col">{t("duty.col.training")}</th>
            <th scope="col">{t("duty.col.hours")}</th>
          </tr>
        </thead>
        <tbody>
          {trainings.map((training) => (
            <tr key={training.eventId}>
              <td>{training.date}</td>
              <td>{training.title}</td>
              <td>{hours(training.minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What came of a matter: the result, and for a dispute whether it was resolved. */
export function DutyOutcome({ duty }: { duty: Pick<ShownDuty, "result" | "disputeResolved"> }) {
  const { t } = useI18n();
  const resolved =
    duty.disputeResolved === null
      ? null
      : t(duty.disputeResolved === 1 ? "duty.resolved" : "duty.unresolved");
  return <>{[resolved, duty.result].filter(Boolean).join(" · ")}</>;
}

/** The lines under a duty entry: how the matter ended, and why the entry was returned. */
export function DutyEnding({
  duty,
}: {
  duty: Pick<ShownDuty, "result" | "disputeResolved" | "status" | "returnReason">;
}) {
  const { t } = useI18n();
  return (
    <>
      {duty.result || duty.disputeResolved !== null ? (
        <p>
          <DutyOutcome duty={duty} />
        </p>
      ) : null}
      {duty.status === "returned" && duty.returnReason ? (
        <p>
          {t("duty.returnReason")}
          {t("common.colon")}
          {duty.returnReason}
        </p>
      ) : null}
    </>
  );
}

export function DutyStatusTag({ status }: { status: DutyStatus }) {
  const { t } = useI18n();
  return <span className={`tag duty-${status}`}>{t(`duty.status.${status}`)}</span>;
}

/** The duties of one kind, as the printed record lists them (all confirmed). */
export function DutyTable({
  duties,
  label,
}: {
  duties: ShownDuty[];
  /** What the table holds, for the frame it scrolls in. */
  label: string;
}) {
  const { t } = useI18n();
  if (duties.length === 0) return <p>{t("duty.noEntries")}</p>;
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("duty.col.date")}</th>
            <th scope="col">{t("duty.field.served")}</th>
            <th scope="col">{t("duty.field.content")}</th>
            <th scope="col">{t("duty.col.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {duties.map((duty) => (
            <tr key={duty.id}>
              <td>{duty.date}</td>
              <td>{duty.served}</td>
              <td>{duty.content}</td>
              <td>
                <DutyOutcome duty={duty} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A person's duties of a year with their status, as a list that reads well on a phone. */
export function DutyList({ duties, label }: { duties: ShownDuty[]; label: string }) {
  const { t } = useI18n();
  if (duties.length === 0) return <p>{t("duty.noEntries")}</p>;
  return (
    <ol className="duty-list" aria-label={label}>
      {duties.map((duty) => (
        <li key={duty.id} className="duty-entry">
          <p className="duty-head">
            <DutyStatusTag status={duty.status} /> {duty.date} ·{" "}
            <strong>{t(`duty.kind.${duty.kind}`)}</strong> · {duty.served}
          </p>
          <p>{duty.content}</p>
          <DutyEnding duty={duty} />
        </li>
      ))}
    </ol>
  );
}

/** The year picker: a GET form, so it works without JavaScript. */
export function YearPicker({ year, years }: { year: number; years: number[] }) {
  const { t } = useI18n();
  return (
    <form method="get" className="year-picker">
      <label htmlFor="year">{t("duty.year")}</label>
      <select id="year" name="year" defaultValue={String(year)}>
        {years.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        {t("duty.show")}
      </button>
    </form>
  );
}

/**
 * Copy and share buttons for a link shown on the page: they appear once scripts run, and only
 * those the browser supports (Web Share on phones); the link itself is on the page without them.
 */
export function ShareLinkButtons({ url, title }: { url: string; title: string }) {
  const { t } = useI18n();
  const [can, setCan] = useState<{ copy: boolean; share: boolean } | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(
    () =>
      setCan({
        copy: Boolean(navigator.clipboard?.writeText),
        share: typeof navigator.share === "function",
      }),
    [],
  );
  if (!can || (!can.copy && !can.share)) return null;
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      // Refused (no permission): the link stays on the page to copy by hand.
      () => setCopied(false),
    );
  // Closing the share sheet rejects; nothing to report.
  const share = () => navigator.share({ title, url }).catch(() => undefined);
  return (
    <p className="actions share-link">
      {can.copy ? (
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t("roster.link.copy")}
        </button>
      ) : null}
      {can.share ? (
        <button type="button" className="secondary" onClick={() => void share()}>
          {t("roster.link.share")}
        </button>
      ) : null}
      <span role="status">{copied ? t("roster.link.copied") : ""}</span>
    </p>
  );
}
