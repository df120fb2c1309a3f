import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { hasRole, rolesFor } from "~/.server/scope";
import { shanghaiYear } from "~/.server/study/attendance";
import { listCadres } from "~/.server/study/cadres";
import { cadreAttendance } from "~/.server/study/overview";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { maskPhone } from "~/lib/checkin-window";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.cadres");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const at = now();
  const year = shanghaiYear(at);
  const [cadres, attendance] = await Promise.all([
    listCadres(db, { scopePath: user.unitPath }),
    cadreAttendance(db, { scopePath: user.unitPath, year, now: at }),
  ]);
  return {
    year,
    target: attendance.target,
    canWrite: hasRole(user, rolesFor.manageLearners),
    cadres: cadres.map(({ phone, person_id: _person, ...cadre }) => {
      const rate = attendance.byCadre.get(cadre.id);
      return {
        ...cadre,
        phone: maskPhone(phone),
        invited: rate?.invited ?? 0,
        attended: rate?.attended ?? 0,
        rate: rate?.rate ?? null,
        below: rate?.below ?? false,
      };
    }),
  };
}

export default function Cadres() {
  const { t } = useI18n();
  const { cadres, canWrite, year, target } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("study.cadres")}</h1>
      <StudyNav canWrite={canWrite} />
      {canWrite ? (
        <p>
          <Link className="button" to="/study/cadres/new">
            {t("study.cadres.add")}
          </Link>
        </p>
      ) : (
        <p role="note">{t("study.readOnly")}</p>
      )}
      <p>
        {t("study.year", { year: String(year) })} · {t("study.plan.target", { target })}
      </p>
      <p>
        <a href={`/study/cadres/hours.docx?year=${year}`} download>
          {t("documents.hours.download", { year: String(year) })}
        </a>
      </p>
      {cadres.length === 0 ? (
        <p>{t("study.cadres.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("study.cadre.name")}</th>
                <th scope="col">{t("study.cadre.unit")}</th>
                <th scope="col">{t("study.cadre.position")}</th>
                <th scope="col">{t("study.cadre.status")}</th>
                <th scope="col">{t("study.cadre.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {cadres.map((cadre) => (
                <tr key={cadre.id}>
                  <td>
                    {canWrite ? (
                      <Link to={`/study/cadres/${cadre.id}`}>{cadre.name}</Link>
                    ) : (
                      cadre.name
                    )}
                    <br />
                    {cadre.phone}
                  </td>
                  <td>
                    {cadre.unit_name}
                    {cadre.department ? (
                      <>
                        <br />
                        {cadre.department}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {cadre.position}
                    {cadre.law_enforcement ? (
                      <>
                        {" "}
                        <span className="tag">{t("study.cadre.lawEnforcement")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {t(`study.cadreStatus.${cadre.status}`)}
                    {cadre.left_on ? ` ${cadre.left_on}` : ""}
                  </td>
                  <td>
                    {cadre.rate === null ? t("study.none") : `${cadre.rate}%`}{" "}
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
    </>
  );
}
