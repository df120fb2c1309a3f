import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idQuery } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { unitOutline } from "~/.server/units/outline";
import { createUnit } from "~/.server/units/units";
import { ErrorSummary, Field } from "~/components/form";
import { UnitOptions } from "~/components/unit-select";
import { VillageUnderDistrictTick } from "~/components/units/unit-forms";
import { UnitTree } from "~/components/units/unit-tree";
import { pageTitle } from "~/lib/meta";
import { addUnitSchema } from "~/lib/unit-schema";
import { useI18n } from "~/lib/use-i18n";
import unitStyles from "~/styles/units.css?url";

export const meta = pageTitle("units.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: unitStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const search = (url.searchParams.get("q") ?? "").trim().slice(0, 40);
  const outline = await unitOutline(db, {
    scopePath: user.unitPath,
    search,
    // The parent the add form chose last: it comes back chosen (a bad value is simply ignored).
    parentId: safeId(url.searchParams.get("parent")),
  });
  return { ...outline, search, canAdd: hasRole(user, rolesFor.manageAccounts) };
}

function safeId(value: string | null) {
  try {
    return idQuery(value);
  } catch {
    return null;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageAccounts);
  const form = await readForm(request);
  const parsed = parseForm(form, addUnitSchema);
  if (!parsed.ok) return data(parsed, 400);
  const input = parsed.data;
  const result = await submit(form, () =>
    createUnit(db, { ...input, actor: actorOf(user, context) }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash(`/units?parent=${input.parentId}`, {
    key: "units.created",
    values: { name: input.name },
  });
}

export default function Units() {
  const { t } = useI18n();
  const { tree, matches, parents, parentId, search, canAdd } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  return (
    <>
      <h1>{t("units.title")}</h1>
      {canAdd ? (
        <section className="card" aria-labelledby="add-unit">
          <h2 id="add-unit">{t("units.add")}</h2>
          <p className="hint">{t("units.addHint")}</p>
          <ErrorSummary
            errors={errors}
            labels={{
              parentId: "units.parent",
              name: "units.name",
              level: "units.level",
              confirmVillageUnderDistrict: "units.confirmVillageUnderDistrict",
            }}
          />
          <Form method="post" noValidate>
            <Field name="parentId" label="units.parent" error={errors?.parentId}>
              {(control) => (
                <select
                  {...control}
                  defaultValue={failed?.values.parentId ?? String(parentId ?? "")}
                  key={parentId ?? "none"}
                >
                  <UnitOptions units={parents} />
                </select>
              )}
            </Field>
            <Field
              name="name"
              label="units.name"
              error={errors?.name}
              defaultValue={failed?.values.name}
              maxLength={40}
            />
            <Field name="level" label="units.level" hint="units.levelHint" error={errors?.level}>
              {(control) => (
                <select {...control} defaultValue={failed?.values.level ?? ""}>
                  <option value="">{t("units.levelFollows")}</option>
                  <option value="subdistrict">{t("level.subdistrict")}</option>
                  <option value="village">{t("level.village")}</option>
                </select>
              )}
            </Field>
            <VillageUnderDistrictTick error={errors?.confirmVillageUnderDistrict} />
            <button type="submit">{t("units.add")}</button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="unit-tree">
        <h2 id="unit-tree">{t("units.tree")}</h2>
        <Form method="get" className="unit-search" role="search">
          <label htmlFor="q">{t("units.search")}</label>
          <input id="q" name="q" type="search" defaultValue={search} maxLength={40} />
          <button type="submit">{t("units.searchButton")}</button>
          {search ? <Link to="/units">{t("units.searchClear")}</Link> : null}
        </Form>
        {matches ? (
          matches.length ? (
            <ul className="search-results">
              {matches.map((unit) => (
                <li key={unit.id}>
                  <Link to={`/units/${unit.id}`}>{unit.trail}</Link>{" "}
                  <span className="tag">{t(`level.${unit.level}`)}</span>
                  {unit.retired ? (
                    <span className="tag tag-muted">{t("units.retired")}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p role="status">{t("units.noMatch", { search })}</p>
          )
        ) : (
          <UnitTree tree={tree} openId={parentId} />
        )}
      </section>
    </>
  );
}
