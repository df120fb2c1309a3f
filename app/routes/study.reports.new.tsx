import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { shanghaiYear } from "~/.server/study/attendance";
import { listCadres } from "~/.server/study/cadres";
import { addReport } from "~/.server/study/reports";
import { ReportForm } from "~/components/study/report-form";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { lawDutyReportSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.reports.add");
export const links = studyLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const cadres = await listCadres(db, { scopePath: user.unitPath });
  return {
    cadres: cadres.map(({ id, name, unit_name, position }) => ({ id, name, unit_name, position })),
    year: String(shanghaiYear(now())),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, lawDutyReportSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    addReport(db, { actor: actorOf(user, context), report: parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/study/reports", { key: "study.reports.added" });
}

export default function NewReport() {
  const { t } = useI18n();
  const { cadres, year } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("study.reports.add")}</h1>
      <StudyNav canWrite />
      <ReportForm
        key={failed ? "failed" : "fresh"}
        cadres={cadres}
        values={failed?.values ?? { year }}
        errors={failed?.errors}
      />
    </>
  );
}
