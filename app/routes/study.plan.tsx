import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { shanghaiYear } from "~/.server/study/attendance";
import { studyPlanPage } from "~/.server/study/overview";
import { savePlan } from "~/.server/study/plan";
import { ErrorSummary } from "~/components/form";
import { PlanTable } from "~/components/study/plan-table";
import { SessionRateTable } from "~/components/study/session-rates";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { studyPlanSchema, yearParam } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.plan");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const at = now();
  const year = yearParam(new URL(request.url).searchParams.get("year"), shanghaiYear(at));
  const page = await studyPlanPage(db, { scopePath: user.unitPath, year, now: at });
  const canWrite = hasRole(user, rolesFor.manageLearners);
  return { year, canWrite, ...page, editable: canWrite && page.editable };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, studyPlanSchema);
  if (!parsed.ok) return data(parsed, 400);
  const { year, ...planned } = parsed.data;
  const result = await submit(form, () =>
    savePlan(db, {
      actor: actorOf(user, context),
      year,
      planned: planned as Record<string, number>,
    }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash(`/study/plan?year=${year}`, { key: "study.plan.saved" });
}

export default function StudyPlan() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const none = t("study.none");
  return (
    <>
      <h1>
        {t("study.plan")} · {t("study.year", { year: String(page.year) })}
      </h1>
      <StudyNav canWrite={page.canWrite} />
      <p>
        <Link to={`?year=${page.year - 1}`}>
          {t("study.year", { year: String(page.year - 1) })}
        </Link>
        {" · "}
        <Link to={`?year=${page.year + 1}`}>
          {t("study.year", { year: String(page.year + 1) })}
        </Link>
      </p>
      <p className="hint" id="plan-hint">
        {t("study.plan.hint")}
      </p>
      {page.editable ? (
        <>
          <ErrorSummary errors={failed?.errors} labels={{}} />
          <Form method="post" noValidate aria-describedby="plan-hint">
            <input type="hidden" name="year" value={page.year} />
            <PlanTable
              key={failed ? "failed" : "stored"}
              planned={page.planned}
              held={page.held}
              editable
              values={failed?.values}
              errors={failed?.errors}
            />
            <div className="actions">
              <button type="submit">{t("study.save")}</button>
            </div>
          </Form>
        </>
      ) : (
        <PlanTable planned={page.planned} held={page.held} editable={false} />
      )}
      <section aria-labelledby="per-session">
        <h2 id="per-session">{t("study.plan.perSession")}</h2>
        <SessionRateTable sessions={page.sessions} />
      </section>
      <section aria-labelledby="per-cadre">
        <h2 id="per-cadre">{t("study.plan.perCadre")}</h2>
        <p>{t("study.plan.target", { target: page.target })}</p>
        {page.cadres.length === 0 ? (
          <p>{t("study.cadres.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("study.cadre.name")}</th>
                  <th scope="col">{t("study.cadre.unit")}</th>
                  <th scope="col">{t("study.cadre.rate")}</th>
                </tr>
              </thead>
              <tbody>
                {page.cadres.map((cadre) => (
                  <tr key={cadre.id}>
                    <td>
                      {cadre.name}
                      <br />
                      {cadre.position}
                    </td>
                    <td>{cadre.unit_name}</td>
                    <td>
                      {cadre.rate === null ? none : `${cadre.rate}%`}{" "}
                      {cadre.below ? (
                        <span className="flag">{t("study.cadre.belowTarget")}</span>
                      ) : null}
                      <br />
                      {t("study.cadre.attended", {
                        attended: cadre.attended,
                        invited: cadre.invited,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
