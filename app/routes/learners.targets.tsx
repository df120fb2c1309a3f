import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm } from "~/.server/forms";
import { setTargets, targetsOverview } from "~/.server/learners/roster-targets";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { ErrorSummary, Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { targetsSchema } from "~/lib/roster-schema";
import { useI18n } from "~/lib/use-i18n";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("roster.targets.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStyles }];

const labels: Record<string, MessageKey> = {
  rosterPerVillage: "roster.targets.roster",
  trainingHours: "roster.targets.hours",
  attendancePercent: "roster.targets.rate",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const units = await targetsOverview(db, { actor: actorOf(user, context) });
  const editable = units.filter((unit) => unit.editable);
  // Which unit's form is open: ?unit=<id> among those the caller may set, else the first.
  const asked = new URL(request.url).searchParams.get("unit");
  const chosen = editable.find((unit) => String(unit.id) === asked) ?? editable[0] ?? null;
  return { units, chosen, others: editable.filter((unit) => unit !== chosen) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, targetsSchema);
  if (!parsed.ok) return data(parsed, 400);
  const saved = await setTargets(db, { actor: actorOf(user, context), targets: parsed.data });
  return redirectWithFlash("/learners/targets", {
    key: "roster.targets.saved",
    values: { unit: saved.name },
  });
}

const hours = (minutes: number) => String(minutes / 60);

export default function Targets() {
  const { t } = useI18n();
  const { units, chosen, others } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const values = failed?.values;
  return (
    <>
      <h1>{t("roster.targets.title")}</h1>
      <p>{t("roster.targets.intro")}</p>
      <ul className="targets-list">
        {units.map((unit) => (
          <li key={unit.id}>
            <h2>{unit.name}</h2>
            <p>
              {t("roster.targets.roster")}
              {t("common.colon")}
              {unit.targets.rosterPerVillage}
            </p>
            <p>
              {t("roster.targets.hours")}
              {t("common.colon")}
              {hours(unit.targets.trainingMinutes)}
            </p>
            <p>
              {t("roster.targets.rate")}
              {t("common.colon")}
              {unit.targets.attendancePercent}
            </p>
            <p className="hint">
              {t("roster.targets.source")}
              {t("common.colon")}
              {t(unit.setHere ? "roster.targets.setHere" : "roster.targets.inherited")}
            </p>
          </li>
        ))}
      </ul>
      {chosen ? (
        <section className="card" aria-labelledby="edit-targets">
          <h2 id="edit-targets">{t("roster.targets.edit", { unit: chosen.name })}</h2>
          <Form method="post" noValidate key={chosen.id}>
            <input type="hidden" name="unitId" value={chosen.id} />
            <ErrorSummary errors={failed?.errors} labels={labels} />
            <Field
              name="rosterPerVillage"
              label="roster.targets.roster"
              type="number"
              min={3}
              max={50}
              step={1}
              inputMode="numeric"
              defaultValue={values?.rosterPerVillage ?? chosen.targets.rosterPerVillage}
              error={failed?.errors.rosterPerVillage}
              required
            />
            <Field
              name="trainingHours"
              label="roster.targets.hours"
              hint="roster.targets.hoursHint"
              type="number"
              min={0}
              max={200}
              step={0.5}
              inputMode="decimal"
              defaultValue={values?.trainingHours ?? hours(chosen.targets.trainingMinutes)}
              error={failed?.errors.trainingHours}
              required
            />
            <Field
              name="attendancePercent"
              label="roster.targets.rate"
              type="number"
              min={1}
              max={100}
              step={1}
              inputMode="numeric"
              defaultValue={values?.attendancePercent ?? chosen.targets.attendancePercent}
              error={failed?.errors.attendancePercent}
              required
            />
            <div className="actions">
              <button type="submit">{t("roster.targets.save")}</button>
            </div>
          </Form>
          {others.length > 0 ? (
            <ul className="roster-actions plain-list">
              {others.map((unit) => (
                <li key={unit.id}>
                  <Link to={`/learners/targets?unit=${unit.id}`}>
                    {t("roster.targets.edit", { unit: unit.name })}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : (
        <p>{t("roster.targets.readOnly")}</p>
      )}
    </>
  );
}
