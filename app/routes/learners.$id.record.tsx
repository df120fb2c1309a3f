import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { dutyKinds } from "../../db/schema";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { learnerRecord } from "~/.server/records/learner-record";
import { shownRecord, yearsToOffer } from "~/.server/records/shown";
import { getLang } from "~/.server/request";
import {
  DutyTable,
  HoursAgainstTarget,
  TrainingTable,
  YearPicker,
} from "~/components/learner-record";
import { yearSchema } from "~/lib/duty-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

// The yearly record on A4: on screen with a year picker and a way back; on paper the sheet alone
// (records.css hides the site's header and the tools when printing).

export const meta = pageTitle("duty.record.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const year = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? undefined);
  const record = await learnerRecord(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
    year: year.success ? year.data : yearsToOffer()[0]!,
  });
  // Only confirmed entries count: the record is what the office stands behind.
  const shown = shownRecord(lang, record);
  return {
    record: { ...shown, duties: shown.duties.filter((duty) => duty.status === "confirmed") },
    years: yearsToOffer(),
  };
}

export default function YearlyRecord() {
  const { t } = useI18n();
  const { record, years } = useLoaderData<typeof loader>();
  const { learner } = record;
  const byKind = dutyKinds
    .map((kind) => ({ kind, duties: record.duties.filter((duty) => duty.kind === kind) }))
    .filter((group) => group.duties.length > 0);
  const disputes = record.duties.filter((duty) => duty.kind === "dispute");
  const resolved = disputes.filter((duty) => duty.disputeResolved === 1).length;
  return (
    <>
      <div className="record-tools">
        <p>
          <Link to={`/learners/${learner.id}?year=${record.year}`}>{t("duty.record.back")}</Link>
        </p>
        <YearPicker year={record.year} years={years} />
        <p className="hint">{t("duty.record.printHint")}</p>
      </div>
      <article className="record-sheet" aria-labelledby="record-title">
        <h1 id="record-title">
          {t("duty.record.heading", { year: String(record.year), name: learner.name })}
        </h1>
        <p className="record-who">
          {learner.villageName} · {t(`duty.category.${learner.category}`)}
          {learner.certificateNo
            ? ` · ${t("duty.person.certificateNo")}${t("common.colon")}${learner.certificateNo}`
            : null}
        </p>
        <section aria-labelledby="record-trainings">
          <h2 id="record-trainings">{t("duty.record.trainings")}</h2>
          <HoursAgainstTarget total={record.totalMinutes} target={record.targetMinutes} />
          <TrainingTable trainings={record.trainings} />
        </section>
        <section aria-labelledby="record-duties">
          <h2 id="record-duties">{t("duty.record.duties")}</h2>
          <p>
            {t("duty.record.dutyCount", { count: record.duties.length })}
            {disputes.length > 0
              ? ` · ${t("duty.record.disputes", { count: disputes.length, resolved })}`
              : null}
          </p>
          {byKind.length === 0 ? <p>{t("duty.noEntries")}</p> : null}
          {byKind.map((group) => (
            <section key={group.kind} aria-labelledby={`kind-${group.kind}`}>
              <h3 id={`kind-${group.kind}`}>
                {t(`duty.kind.${group.kind}`)} ({group.duties.length})
              </h3>
              <DutyTable duties={group.duties} label={t(`duty.kind.${group.kind}`)} />
            </section>
          ))}
        </section>
        <p className="record-footer">{t("duty.record.signature")}</p>
      </article>
    </>
  );
}
