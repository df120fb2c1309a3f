import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { hasRole, rolesFor } from "~/.server/scope";
import { listReports } from "~/.server/study/reports";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.reports");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    reports: await listReports(db, { scopePath: user.unitPath }),
    canWrite: hasRole(user, rolesFor.manageLearners),
  };
}

export default function Reports() {
  const { t } = useI18n();
  const { reports, canWrite } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("study.reports")}</h1>
      <StudyNav canWrite={canWrite} />
      {canWrite ? (
        <p>
          <Link className="button" to="/study/reports/new">
            {t("study.reports.add")}
          </Link>
        </p>
      ) : (
        <p role="note">{t("study.readOnly")}</p>
      )}
      {reports.length === 0 ? (
        <p>{t("study.reports.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("study.report.year")}</th>
                <th scope="col">{t("study.report.cadre")}</th>
                <th scope="col">{t("study.report.form")}</th>
                <th scope="col">{t("study.report.evaluation")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id}>
                  <td>{report.year}</td>
                  <td>
                    {canWrite ? (
                      <Link to={`/study/reports/${report.id}`}>{report.name}</Link>
                    ) : (
                      report.name
                    )}
                    <br />
                    {report.unit_name} {report.position}
                  </td>
                  <td>{t(`study.reportForm.${report.form}`)}</td>
                  <td>{t(`study.evaluation.${report.evaluation as "good"}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
