import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { addCadre } from "~/.server/study/cadres";
import { listUnitsInScope } from "~/.server/units/units";
import { CadreForm } from "~/components/study/cadre-form";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { cadreSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.cadres.add");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  return {
    units: await listUnitsInScope(db, { scopePath: user.unitPath }),
    unitId: String(user.unitId),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, cadreSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    addCadre(db, { actor: actorOf(user, context), cadre: parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  // On the new cadre's page: their pass and personal link are there, ready to hand over.
  return redirectWithFlash(`/study/cadres/${result.value.id}`, {
    key: "study.cadres.added",
    values: { name: result.value.name },
  });
}

export default function NewCadre() {
  const { t } = useI18n();
  const { units, unitId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("study.cadres.add")}</h1>
      <StudyNav canWrite />
      <CadreForm
        key={failed ? "failed" : "fresh"}
        units={units}
        values={failed?.values ?? { unitId, status: "active" }}
        errors={failed?.errors}
      />
    </>
  );
}
