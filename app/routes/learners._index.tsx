import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { legalSavvyCategories } from "../../db/schema";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listVillagesInScope } from "~/.server/events/event-list-query";
import { rosterCoverage } from "~/.server/learners/coverage";
import { listRosterPage, parseRosterQuery } from "~/.server/learners/roster-list";
import { Field } from "~/components/form";
import { CoverageTable } from "~/components/roster-coverage";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("roster.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const villages = await listVillagesInScope(db, { scopePath: user.unitPath });
  const query = parseRosterQuery(new URL(request.url).searchParams, villages);
  const [coverage, list] = await Promise.all([
    rosterCoverage(db, { scopePath: user.unitPath }),
    listRosterPage(db, { scopePath: user.unitPath, filters: query.filters, page: query.page }),
  ]);
  // An entry names its village as the filter does: "横泾街道 · 舟山村" where the name repeats.
  const labels = new Map(villages.map((village) => [village.id, village.label]));
  return {
    coverage,
    list: {
      ...list,
      people: list.people.map(({ village_id, village_name, ...person }) => ({
        ...person,
        village: labels.get(village_id) ?? village_name,
      })),
    },
    villages: villages.map(({ id, label }) => ({ id, label })),
    values: query.values,
    errors: query.errors,
    canManage: user.role !== "official",
  };
}

export default function Learners() {
  const { t } = useI18n();
  const { coverage, list, villages, values, errors, canManage } = useLoaderData<typeof loader>();
  const used = new URLSearchParams(
    Object.entries(values).filter(
      ([field, value]) => value && !errors[field as keyof typeof errors],
    ),
  );
  const filtered = Object.values(values).some(Boolean);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(used);
    params.set("page", String(page));
    return `/learners?${params}`;
  };
  const exportQuery = used.size > 0 ? `?${used}` : "";
  return (
    <>
      <h1>{t("roster.title")}</h1>
      <p className="roster-actions">
        {canManage ? (
          <>
            <Link className="button" to="/learners/new">
              {t("roster.add")}
            </Link>
            <Link className="button secondary" to="/learners/import">
              {t("roster.importLink")}
            </Link>
          </>
        ) : null}
        <Link to="/learners/hours">{t("duty.hoursList.title")}</Link>
        <Link to="/passes">{t("pass.listTitle")}</Link>
        {canManage ? <Link to="/passes/sheet">{t("pass.sheet")}</Link> : null}
        <Link to="/learners/targets">{t("roster.targetsLink")}</Link>
        <Link to="/learners/public">{t("publish.overview.title")}</Link>
        {canManage ? <Link to="/people/duplicates">{t("people.duplicates.title")}</Link> : null}
      </p>
      {coverage.villages.length > 0 ? <CoverageTable coverage={coverage} /> : null}
      <section aria-labelledby="roster-list">
        <h2 id="roster-list">{t("roster.list")}</h2>
        <details className="fold" open={filtered}>
          <summary>{t("roster.filter")}</summary>
          <Form method="get" className="filters" aria-label={t("roster.filter")}>
            <Field name="village" label="roster.col.village" error={errors.village}>
              {(control) => (
                <select {...control} defaultValue={errors.village ? "" : values.village}>
                  <option value="">{t("roster.filterAny")}</option>
                  {villages.map((village) => (
                    <option key={village.id} value={village.id}>
                      {village.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="status" label="roster.col.status" error={errors.status}>
              {(control) => (
                <select {...control} defaultValue={errors.status ? "active" : values.status}>
                  <option value="active">{t("roster.status.active")}</option>
                  <option value="retired">{t("roster.status.retired")}</option>
                  <option value="all">{t("roster.status.all")}</option>
                </select>
              )}
            </Field>
            <Field name="category" label="roster.col.category" error={errors.category}>
              {(control) => (
                <select {...control} defaultValue={errors.category ? "" : values.category}>
                  <option value="">{t("roster.filterAny")}</option>
                  {legalSavvyCategories.map((category) => (
                    <option key={category} value={category}>
                      {t(`roster.category.${category}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field actions">
              <button type="submit">{t("roster.filter")}</button>
              {filtered ? <Link to="/learners">{t("roster.filterClear")}</Link> : null}
            </div>
          </Form>
        </details>
        <p className="roster-actions">
          <a href={`/learners/export.xlsx${exportQuery}`} download>
            {t("roster.exportXlsx")}
          </a>
          <a href={`/learners/export.csv${exportQuery}`} download>
            {t("roster.exportCsv")}
          </a>
          <span className="hint">{t("roster.exportHint")}</span>
        </p>
        {list.total === 0 ? (
          <p>{filtered ? t("roster.noMatch") : t("roster.empty")}</p>
        ) : (
          <>
            <p className="hint">
              {t("roster.range", { from: list.first, to: list.last, total: list.total })}
            </p>
            <ul className="plain-list roster-cards">
              {list.people.map((person) => (
                <li key={person.id} className="card roster-card">
                  <h3>
                    <Link to={`/learners/${person.id}`}>{person.name}</Link>{" "}
                    <span className={person.status === "active" ? "tag" : "tag tag-retired"}>
                      {t(`roster.status.${person.status}`)}
                    </span>
                  </h3>
                  <dl className="roster-facts">
                    <div>
                      <dt>{t("roster.col.phone")}</dt>
                      <dd>{person.phone}</dd>
                    </div>
                    <div>
                      <dt>{t("roster.col.village")}</dt>
                      <dd>{person.village}</dd>
                    </div>
                    <div>
                      <dt>{t("roster.col.category")}</dt>
                      <dd>{t(`roster.category.${person.category}`)}</dd>
                    </div>
                    {person.recognised_on ? (
                      <div>
                        <dt>{t("roster.col.recognisedOn")}</dt>
                        <dd>{person.recognised_on}</dd>
                      </div>
                    ) : null}
                    {person.certificate_no ? (
                      <div>
                        <dt>{t("roster.col.certificateNo")}</dt>
                        <dd>{person.certificate_no}</dd>
                      </div>
                    ) : null}
                    {person.adviser ? (
                      <div>
                        <dt>{t("roster.col.adviser")}</dt>
                        <dd>{person.adviser}</dd>
                      </div>
                    ) : null}
                  </dl>
                  {person.status === "retired" ? (
                    <p>
                      {t("roster.retiredFact", {
                        date: person.retired_on ?? "",
                        reason: person.retire_reason ?? "",
                      })}
                    </p>
                  ) : null}
                  {canManage ? (
                    <p>
                      <Link
                        to={`/learners/${person.id}/edit`}
                        aria-label={t("roster.editLink", { name: person.name })}
                      >
                        {t("roster.edit")}
                      </Link>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
            {list.page > 1 || list.hasNext ? (
              <nav className="pager" aria-label={t("roster.pages")}>
                {list.page > 1 ? (
                  <Link to={pageLink(list.page - 1)} rel="prev">
                    {t("roster.previous")}
                  </Link>
                ) : null}
                {list.hasNext ? (
                  <Link to={pageLink(list.page + 1)} rel="next">
                    {t("roster.next")}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}
