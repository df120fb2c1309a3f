import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { handle, idParam } from "~/.server/errors";
import { getUnitInScope } from "~/.server/units/units";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("units.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handle(async () => {
    const id = idParam(params.id);
    return getUnitInScope(db, { id, scopePath: user.unitPath });
  });
}

export default function Unit() {
  const { t } = useI18n();
  const unit = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {unit.name} <span className="tag">{t(`level.${unit.level}`)}</span>
      </h1>
      {unit.parent_name ? (
        <p>{t("common.labelled", { label: t("units.path"), value: unit.parent_name })}</p>
      ) : null}
      <section aria-labelledby="children">
        <h2 id="children">{t("units.children")}</h2>
        {unit.children.length ? (
          <ul className="villages">
            {unit.children.map((child) => (
              <li key={child.id}>
                <Link to={`/units/${child.id}`}>{child.name}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("units.none")}</p>
        )}
      </section>
      <section aria-labelledby="staff">
        <h2 id="staff">{t("units.staff")}</h2>
        {unit.staff.length ? (
          <ul>
            {unit.staff.map((member) => (
              <li key={member.id}>
                {member.display_name} · {t(`role.${member.role}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("units.none")}</p>
        )}
      </section>
    </>
  );
}
