import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { getLang } from "~/.server/request";
import { STAFF_PAGE_SIZE, listStaff } from "~/.server/staff/staff-list";
import { unitChoices } from "~/.server/staff/unit-choices";
import { Field } from "~/components/form";
import { UnitOptions } from "~/components/unit-select";
import { roles } from "../../db/schema";
import { accountStatuses, accountsQueryString, parseAccountsQuery } from "~/lib/accounts-query";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const lang = await getLang(request);
  const { query, bad } = parseAccountsQuery(new URL(request.url).searchParams);
  const [units, list] = await Promise.all([
    unitChoices(db, { scopePath: user.unitPath }),
    listStaff(db, { scopePath: user.unitPath, filters: query }),
  ]);
  const labels = new Map(units.map((unit) => [unit.id, unit.label]));
  const at = now();
  return {
    query: { ...query, page: list.page },
    bad,
    total: list.total,
    pages: list.pages,
    from: list.total === 0 ? 0 : (list.page - 1) * STAFF_PAGE_SIZE + 1,
    units: units.map(({ id, label, level, depth }) => ({ id, name: label, level, depth })),
    staff: list.rows.map((member) => ({
      id: member.id,
      username: member.username,
      displayName: member.display_name,
      role: member.role,
      unit: labels.get(member.unit_id) ?? "",
      status: member.disabled
        ? "disabled"
        : member.locked_until && member.locked_until > at
          ? "locked"
          : "active",
      mustChange: member.must_change_password === 1,
      // Written on the server: a browser in another zone would write it otherwise.
      lastLogin: member.last_login_at ? formatDateTime(lang, member.last_login_at) : null,
    })),
  };
}

const statusKey = {
  active: "users.active",
  disabled: "users.disabledState",
  locked: "users.lockedState",
} as const;

function Filters() {
  const { t } = useI18n();
  const { query, units } = useLoaderData<typeof loader>();
  const filtered = accountsQueryString({ ...query, page: 1 }, 1) !== "";
  return (
    <Form method="get" className="filters" aria-label={t("accounts.list.filters")}>
      <Field name="q" label="accounts.list.search" type="search" defaultValue={query.q} />
      <Field name="unit" label="accounts.list.unit">
        {(control) => (
          <select {...control} defaultValue={query.unitId ?? ""}>
            <option value="">{t("accounts.list.any")}</option>
            <UnitOptions units={units} />
          </select>
        )}
      </Field>
      <Field name="role" label="accounts.list.role">
        {(control) => (
          <select {...control} defaultValue={query.role ?? ""}>
            <option value="">{t("accounts.list.any")}</option>
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="status" label="accounts.list.status">
        {(control) => (
          <select {...control} defaultValue={query.status ?? ""}>
            <option value="">{t("accounts.list.any")}</option>
            {accountStatuses.map((status) => (
              <option key={status} value={status}>
                {t(statusKey[status])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" name="mustChange" value="1" defaultChecked={query.mustChange} />{" "}
          {t("accounts.list.mustChange")}
        </label>
        <label>
          <input type="checkbox" name="locked" value="1" defaultChecked={query.locked} />{" "}
          {t("accounts.list.locked")}
        </label>
      </div>
      <div className="field actions">
        <button type="submit">{t("accounts.list.apply")}</button>
        {filtered ? <Link to="/admin/users">{t("accounts.list.clear")}</Link> : null}
      </div>
    </Form>
  );
}

export default function Users() {
  const { t } = useI18n();
  const { staff, query, bad, total, pages, from } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("users.title")}</h1>
      <p className="actions">
        <Link className="button" to="/admin/users/new">
          {t("users.new")}
        </Link>
        <Link className="button secondary" to="/admin/users/import">
          {t("accounts.list.import")}
        </Link>
      </p>
      {bad ? <p className="error">{t("accounts.list.badFilter")}</p> : null}
      <Filters />
      {total === 0 ? (
        <p>{t("accounts.list.none")}</p>
      ) : (
        <>
          <p className="hint">
            {t("accounts.list.range", { from, to: from + staff.length - 1, total })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    {t("users.username")} / {t("users.displayName")}
                  </th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.unit")}</th>
                  <th scope="col">{t("users.status")}</th>
                  <th scope="col">{t("accounts.list.lastLogin")}</th>
                </tr>
              </thead>
              <tbody>
                {staff.map((member) => (
                  <tr key={member.id}>
                    <td>
                      <Link to={`/admin/users/${member.id}`}>{member.username}</Link>
                      <br />
                      {member.displayName}
                    </td>
                    <td>{t(`role.${member.role}`)}</td>
                    <td>{member.unit}</td>
                    <td>
                      {t(statusKey[member.status as keyof typeof statusKey])}
                      {member.mustChange ? (
                        <>
                          <br />
                          <span className="tag">{t("users.mustChangeState")}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{member.lastLogin ?? t("accounts.list.never")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav className="pager" aria-label={t("accounts.list.pages")}>
              {query.page > 1 ? (
                <Link to={`/admin/users${accountsQueryString(query, query.page - 1)}`} rel="prev">
                  {t("accounts.list.previous")}
                </Link>
              ) : null}
              <span>{t("accounts.list.pageOf", { page: query.page, pages })}</span>
              {query.page < pages ? (
                <Link to={`/admin/users${accountsQueryString(query, query.page + 1)}`} rel="next">
                  {t("accounts.list.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
