import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { createUnit, listUnitsInScope } from "~/.server/units/units";
import { ErrorSummary, Field } from "~/components/form";
import { unitLevels } from "../../db/schema";
import { pageTitle } from "~/lib/meta";
import { createUnitSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("units.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const units = await listUnitsInScope(db, { scopePath: user.unitPath });
  return {
    units: units.map(({ id, name, level, depth }) => ({ id, name, level, depth })),
    canAdd: user.role === "admin",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = parseForm(form, createUnitSchema);
  if (!parsed.ok) return data(parsed, 400);
  const input = parsed.data;
  const result = await submit(form, () =>
    createUnit(db, { ...input, actor: actorOf(user, context) }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/units", { key: "units.created", values: { name: input.name } });
}

export default function Units() {
  const { t } = useI18n();
  const { units, canAdd } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  return (
    <>
      <h1>{t("units.title")}</h1>
      <ul className="tree">
        {units.map((unit) => (
          <li key={unit.id} data-depth={Math.min(unit.depth, 3)}>
            <Link to={`/units/${unit.id}`}>{unit.name}</Link>{" "}
            <span className="tag">{t(`level.${unit.level}`)}</span>
          </li>
        ))}
      </ul>
      {canAdd ? (
        <section className="card" aria-labelledby="add-unit">
          <h2 id="add-unit">{t("units.add")}</h2>
          <ErrorSummary
            errors={errors}
            labels={{ parentId: "units.parent", name: "units.name", level: "units.level" }}
          />
          <Form method="post" noValidate>
            <Field name="parentId" label="units.parent" error={errors?.parentId}>
              {(control) => (
                <select {...control} defaultValue={failed?.values.parentId}>
                  {units
                    .filter((unit) => unit.level !== "village")
                    .map((unit) => (
                      <option key={unit.id} value={unit.id}>
                        {"　".repeat(unit.depth)}
                        {unit.name}
                      </option>
                    ))}
                </select>
              )}
            </Field>
            <Field
              name="name"
              label="units.name"
              error={errors?.name}
              defaultValue={failed?.values.name}
            />
            <Field name="level" label="units.level" error={errors?.level}>
              {(control) => (
                <select {...control} defaultValue={failed?.values.level ?? "village"}>
                  {unitLevels.map((level) => (
                    <option key={level} value={level}>
                      {t(`level.${level}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{t("units.add")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
