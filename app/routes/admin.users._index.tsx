import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { listStaffInScope } from "~/.server/staff/staff";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const staff = await listStaffInScope(db, { scopePath: user.unitPath });
  const at = now();
  return {
    staff: staff.map(({ locked_until, disabled, must_change_password, ...member }) => ({
      ...member,
      status: disabled ? "disabled" : locked_until && locked_until > at ? "locked" : "active",
      mustChange: must_change_password === 1,
    })),
  };
}

const statusKey = {
  active: "users.active",
  disabled: "users.disabledState",
  locked: "users.lockedState",
} as const;

export default function Users() {
  const { t } = useI18n();
  const { staff } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("users.title")}</h1>
      <p>
        <Link className="button" to="/admin/users/new">
          {t("users.new")}
        </Link>
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
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <td>
                  <Link to={`/admin/users/${member.id}`}>{member.username}</Link>
                  <br />
                  {member.display_name}
                </td>
                <td>{t(`role.${member.role}`)}</td>
                <td>{member.unit_name}</td>
                <td>
                  {t(statusKey[member.status as keyof typeof statusKey])}
                  {member.mustChange ? (
                    <>
                      <br />
                      <span className="tag">{t("users.mustChangeState")}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
