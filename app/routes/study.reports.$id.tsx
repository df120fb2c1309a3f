import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { listCadres } from "~/.server/study/cadres";
import { getReport, updateReport } from "~/.server/study/reports";
import { ReportForm } from "~/components/study/report-form";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { lawDutyReportSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.reports.edit");
export const links = studyLinks;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const report = await getReport(db, { id: idParam(params.id), scopePath: user.unitPath });
  const cadres = await listCadres(db, { scopePath: user.unitPath });
  return {
    cadres: cadres.map(({ id, name, unit_name, position }) => ({
      id,
      name,
      unit_name,
      position,
    })),
    values: {
      cadreId: String(report.cadre_id),
      year: String(report.year),
      form: report.form,
      evaluation: report.evaluation,
      evaluationNote: report.evaluation_note ?? "",
      remedialActions: report.remedial_actions ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, lawDutyReportSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    updateReport(db, { actor: actorOf(user, context), id, report: parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/study/reports", { key: "study.reports.updated" });
}

export default function EditReport() {
  const { t } = useI18n();
  const { cadres, values } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("study.reports.edit")}</h1>
      <StudyNav canWrite />
      <ReportForm
        key={failed ? "failed" : "stored"}
        cadres={cadres}
        values={failed?.values ?? values}
        errors={failed?.errors}
      />
    </>
  );
}
