import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { hoursAgainstTarget } from "~/.server/records/below-target";
import { yearsToOffer } from "~/.server/records/shown";
import { useHours, YearPicker } from "~/components/learner-record";
import { yearSchema } from "~/lib/duty-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.hoursList.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? undefined);
  const year = parsed.success ? parsed.data : yearsToOffer()[0]!;
  const villages = await hoursAgainstTarget(db, { year, scopePath: user.unitPath });
  return { year, years: yearsToOffer(), villages };
}

export default function HoursBelowTarget() {
  const { t } = useI18n();
  const hours = useHours();
  const { year, years, villages } = useLoaderData<typeof loader>();
  const below = villages.reduce((sum, village) => sum + village.below, 0);
  const people = villages.reduce((sum, village) => sum + village.members.length, 0);
  return (
    <>
      <h1>{t("duty.hoursList.title")}</h1>
      <YearPicker year={year} years={years} />
      <p>{t("duty.hoursList.summary", { year: String(year), count: people, below })}</p>
      {villages.map((village) => (
        <section key={village.id} className="card" aria-labelledby={`village-${village.id}`}>
          <h2 id={`village-${village.id}`}>
            {t("duty.hoursList.village", {
              village: village.name,
              count: village.members.length,
              below: village.below,
            })}
          </h2>
          <p className="hint">
            {t("duty.hoursList.target", { hours: hours(village.targetMinutes) })}
          </p>
          {village.members.length === 0 ? (
            <p>{t("duty.hoursList.nobody")}</p>
          ) : (
            <div className="table-wrap" role="region" aria-label={village.name} tabIndex={0}>
              <table className="hours-table">
                <thead>
                  <tr>
                    <th scope="col">{t("duty.col.name")}</th>
                    <th scope="col">{t("duty.col.hours")}</th>
                    <th scope="col">{t("duty.col.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {village.members.map((member) => (
                    <tr key={member.id}>
                      <td>
                        <Link to={`/learners/${member.id}?year=${year}`}>{member.name}</Link>
                      </td>
                      <td>{hours(member.minutes)}</td>
                      <td>
                        {member.shortMinutes > 0 ? (
                          <strong className="hours-short">
                            {t("duty.shortBy", { hours: hours(member.shortMinutes) })}
                          </strong>
                        ) : (
                          <span className="hours-met">{t("duty.met")}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
