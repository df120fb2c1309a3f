import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getEventReport } from "~/.server/attendance/report";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { recordEventReport } from "~/.server/events/events";
import { eventCapabilities } from "~/.server/events/permissions";
import { parseForm, readForm, submit } from "~/.server/forms";
import { photoFormAction } from "~/.server/photos/form-action";
import { galleryOf } from "~/.server/photos/store";
import { redirectWithFlash } from "~/.server/request";
import { EventPageHeader } from "~/components/event-page-header";
import { EventPapers } from "~/components/event-papers";
import { ErrorSummary, Field } from "~/components/form";
import { PhotoGallery } from "~/components/photo-gallery";
import { eventReportSchema } from "~/lib/event-schema";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import photoStyles from "~/styles/photos.css?url";

export const meta = pageTitle("report.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: photoStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const { hostPath, ...report } = await getEventReport(db, { id, scopePath: user.unitPath });
  const gallery = await galleryOf(db, { owner: { event: id }, scopePath: user.unitPath });
  return { report, gallery, canEdit: eventCapabilities(user, hostPath).report };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "organiser"]);
  const id = idParam(params.id);
  const form = await readForm(request);
  const actor = actorOf(user, context);
  const photoAnswer = await photoFormAction(db, {
    actor,
    owner: { event: id },
    form,
    back: `/events/${id}/report`,
  });
  if (photoAnswer) return photoAnswer;
  const parsed = parseForm(form, eventReportSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () => recordEventReport(db, { actor, id, ...parsed.data }));
  if (!result.ok) return data(result, 400);
  return redirectWithFlash(`/events/${id}/report`, {
    key: result.value.held ? "report.saved" : "report.savedRunning",
  });
}

const numberValue = (value: number | null) => (value === null ? "" : String(value));

export default function EventReport() {
  const { t, lang } = useI18n();
  const { report, gallery, canEdit } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const failed = answer && "errors" in answer ? answer : undefined;
  const photoError = answer && "photoError" in answer ? answer.photoError : undefined;
  const errors = failed?.errors;
  const values = failed?.values;
  return (
    <>
      <EventPageHeader
        heading="report.title"
        event={report}
        links={[
          { to: `/events/${report.id}`, label: "attendance.back" },
          { to: `/events/${report.id}/attendance`, label: "report.toAttendance" },
        ]}
      />

      <section className="card" aria-labelledby="reach">
        <h2 id="reach">{t("report.reach")}</h2>
        <p className="hint">{t("report.apart")}</p>
        <div className="table-wrap">
          <table>
            <tbody>
              <tr>
                <th scope="row">{t("report.checkins")}</th>
                <td>{t("report.people", { count: report.checkins })}</td>
              </tr>
              <tr>
                <th scope="row">{t("report.crowd")}</th>
                <td>
                  {report.estimatedCrowd === null
                    ? t("report.notGiven")
                    : t("report.visits", { count: report.estimatedCrowd })}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <EventPapers
        event={{
          id: report.id,
          held: report.shownStatus === "held",
          cancelled: report.status === "cancelled",
          study: false,
        }}
      />

      {report.phase === "before" ? (
        <section className="card" aria-labelledby="after">
          <h2 id="after">{t("report.form")}</h2>
          <ErrorSummary errors={errors} labels={{}} />
          <p>{t("report.opensAt", { time: formatDateTime(lang, report.startsAt) })}</p>
        </section>
      ) : canEdit ? (
        <section className="card" aria-labelledby="after">
          <h2 id="after">{t("report.form")}</h2>
          <ErrorSummary
            errors={errors}
            labels={{
              estimatedCrowd: "report.estimatedCrowd",
              materialsHandedOut: "report.materials",
              consultations: "report.consultations",
              summary: "report.summary",
            }}
          />
          <Form method="post" noValidate>
            <Field
              name="estimatedCrowd"
              label="report.estimatedCrowd"
              hint="report.estimatedCrowdHint"
              inputMode="numeric"
              defaultValue={values?.estimatedCrowd ?? numberValue(report.estimatedCrowd)}
              error={errors?.estimatedCrowd}
            />
            <Field
              name="materialsHandedOut"
              label="report.materials"
              inputMode="numeric"
              defaultValue={values?.materialsHandedOut ?? numberValue(report.materialsHandedOut)}
              error={errors?.materialsHandedOut}
            />
            <Field
              name="consultations"
              label="report.consultations"
              inputMode="numeric"
              defaultValue={values?.consultations ?? numberValue(report.consultations)}
              error={errors?.consultations}
            />
            <Field
              name="summary"
              label="report.summary"
              hint="report.summaryHint"
              error={errors?.summary}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={6}
                  defaultValue={values?.summary ?? report.summary ?? ""}
                />
              )}
            </Field>
            <button type="submit">
              {t(report.phase === "after" ? "report.save" : "report.saveRunning")}
            </button>
          </Form>
        </section>
      ) : (
        <section className="card" aria-labelledby="after">
          <h2 id="after">{t("report.form")}</h2>
          <p>{t("report.readOnly")}</p>
          <dl>
            <dt>{t("report.materials")}</dt>
            <dd>{report.materialsHandedOut ?? t("report.notGiven")}</dd>
            <dt>{t("report.consultations")}</dt>
            <dd>{report.consultations ?? t("report.notGiven")}</dd>
            <dt>{t("report.summary")}</dt>
            <dd>{report.summary ?? t("report.notGiven")}</dd>
          </dl>
        </section>
      )}

      <PhotoGallery {...gallery} title={report.title} canEdit={canEdit} error={photoError} />
    </>
  );
}
