import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { hasRole, rolesFor } from "~/.server/scope";
import { shanghaiYear } from "~/.server/study/attendance";
import { studyOverview } from "~/.server/study/overview";
import { PlanTable } from "~/components/study/plan-table";
import { SessionRateTable } from "~/components/study/session-rates";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.title");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const at = now();
  const year = shanghaiYear(at);
  const overview = await studyOverview(db, { scopePath: user.unitPath, year, now: at });
  return {
    year,
    canWrite: hasRole(user, rolesFor.manageLearners),
    ...overview,
  };
}

export default function StudyOverview() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  const warnings = [
    ...data.missedProgressMeetings.map((quarter) => t("study.noProgressMeeting", { quarter })),
    ...(data.belowTarget > 0
      ? [t("study.belowTarget", { count: data.belowTarget, target: data.target })]
      : []),
  ];
  return (
    <>
      <h1>{t("study.title")}</h1>
      <StudyNav canWrite={data.canWrite} />
      <section className="card" aria-labelledby="warnings">
        <h2 id="warnings">{t("study.warnings")}</h2>
        {warnings.length ? (
          <ul className="warning-list">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : (
          <p>{t("study.noWarnings")}</p>
        )}
      </section>
      <section aria-labelledby="plan">
        <h2 id="plan">
          {t("study.plan")} · {t("study.year", { year: String(data.year) })}
        </h2>
        <PlanTable planned={data.planned} held={data.held} editable={false} />
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">{t("study.recentSessions")}</h2>
        <SessionRateTable sessions={data.recent} />
      </section>
    </>
  );
}
