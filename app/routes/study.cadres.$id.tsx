import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { recordEditFormRead } from "~/.server/privacy/sensitive-reads";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { getCadre, updateCadre } from "~/.server/study/cadres";
import { listUnitsInScope } from "~/.server/units/units";
import { CadreForm } from "~/components/study/cadre-form";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { cadreSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.cadres.edit");
export const links = studyLinks;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const cadre = await getCadre(db, { id: idParam(params.id), scopePath: user.unitPath });
  await recordEditFormRead(db, {
    actor: actorOf(user, context),
    purpose: "cadre_edit",
    target: `cadre:${cadre.id}`,
    phones: [cadre.phone],
  });
  return {
    units: await listUnitsInScope(db, { scopePath: user.unitPath }),
    // The edit form shows the whole number: staff correct it here.
    values: {
      name: cadre.name,
      phone: cadre.phone ?? "",
      unitId: String(cadre.unit_id),
      department: cadre.department ?? "",
      position: cadre.position,
      lawEnforcement: cadre.law_enforcement ? "on" : "",
      status: cadre.status,
      leftOn: cadre.left_on ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, cadreSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    updateCadre(db, { actor: actorOf(user, context), id, cadre: parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/study/cadres", {
    key: "study.cadres.updated",
    values: { name: result.value.name },
  });
}

export default function EditCadre() {
  const { t } = useI18n();
  const { units, values } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("study.cadres.edit")}</h1>
      <StudyNav canWrite />
      <CadreForm
        key={failed ? "failed" : "stored"}
        units={units}
        values={failed?.values ?? values}
        errors={failed?.errors}
      />
    </>
  );
}
