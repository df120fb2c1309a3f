import { Link } from "@remix-run/react";
import type { ShownDuty } from "~/components/learner-record";
import { DutyEnding, DutyStatusTag } from "~/components/learner-record";
import { useI18n } from "~/lib/use-i18n";

export type DutyEntryShown = ShownDuty & {
  legalSavvyId: number;
  name: string;
  villageName: string;
};

/**
 * A duty entry as the ledger, the review queue and the entry's own page show it: when, what, who
 * and where, whom it served, what was done and how it ended, and why it was returned. The queue
 * heads each entry (`heading`) without its status, which is pending there.
 */
export function DutyEntryText({
  entry,
  heading = false,
}: {
  entry: DutyEntryShown;
  heading?: boolean;
}) {
  const { t } = useI18n();
  const who = (
    <>
      <Link to={`/learners/${entry.legalSavvyId}`}>{entry.name}</Link> · {entry.villageName}
    </>
  );
  return (
    <>
      {heading ? (
        <h2 className="duty-head">
          {entry.date} · {t(`duty.kind.${entry.kind}`)} · {who}
        </h2>
      ) : (
        <p className="duty-head">
          <DutyStatusTag status={entry.status} /> {entry.date} ·{" "}
          <strong>{t(`duty.kind.${entry.kind}`)}</strong> · {who}
        </p>
      )}
      <p>
        {t("duty.field.served")}
        {t("common.colon")}
        {entry.served}
      </p>
      <p>{entry.content}</p>
      <DutyEnding duty={entry} />
    </>
  );
}
