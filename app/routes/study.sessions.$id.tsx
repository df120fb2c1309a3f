import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { photoFormAction } from "~/.server/photos/form-action";
import { galleryOf } from "~/.server/photos/store";
import { now } from "~/.server/clock";
import { redirectWithFlash } from "~/.server/request";
import { hasRole, pathInSubtree, rolesFor } from "~/.server/scope";
import { percent } from "~/.server/study/attendance";
import { listCadres } from "~/.server/study/cadres";
import { getStudySession, recordAbsences, setSessionCadres } from "~/.server/study/sessions";
import { AbsenceFields } from "~/components/study/absence-form";
import { ErrorSummary } from "~/components/form";
import { PhotoGallery } from "~/components/photo-gallery";
import { CadreChecklist } from "~/components/study/session-form";
import { SessionRate } from "~/components/study/session-rates";
import { EventPapers } from "~/components/event-papers";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { maskPhone } from "~/lib/checkin-window";
import { isHeld } from "~/lib/event-status";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { creditedMinutes } from "~/lib/study-hours";
import type { AbsenceRow } from "~/lib/study-schema";
import { absencesSchema, sessionActionSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";
import photoStyles from "~/styles/photos.css?url";

export const meta = pageTitle("study.title");
export const links = () => [...studyLinks(), { rel: "stylesheet", href: photoStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, invited } = await getStudySession(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
  });
  const canManage =
    hasRole(user, rolesFor.manageLearners) && pathInSubtree(event.host_path, user.unitPath);
  const cadres = canManage ? await listCadres(db, { scopePath: user.unitPath }) : [];
  const invitedIds = new Set(invited.map((person) => person.id));
  const came = invited.filter((person) => person.method !== null).length;
  // Until the session is over, those not in yet are late, not absent, and no rate is taken.
  const held = isHeld(event, now());
  const gallery = await galleryOf(db, { owner: { event: event.id }, scopePath: user.unitPath });
  return {
    gallery,
    canManage,
    canWrite: hasRole(user, rolesFor.manageLearners),
    // The door's scanner, for whoever runs doors, while the session is out (not a draft).
    canScan:
      hasRole(user, rolesFor.manageEvents) &&
      (event.status === "published" || event.status === "held"),
    held,
    event: {
      id: event.id,
      title: event.title,
      study_kind: event.study_kind!,
      starts_at: event.starts_at,
      ends_at: event.ends_at,
      venue: event.venue,
      chair: event.chair,
      speaker: event.speaker,
      minutes: event.minutes,
      status: event.status,
      hours: event.training ? creditedMinutes(event) / 60 : null,
    },
    invited: invited.map((person) => ({
      ...person,
      phone: maskPhone(person.phone),
    })),
    came,
    rate: percent(came, invited.length),
    // The list's cadres: those in office, and any already invited.
    cadres: cadres
      .filter((cadre) => cadre.status === "active" || invitedIds.has(cadre.person_id))
      .map(({ id, name, unit_name, position, law_enforcement }) => ({
        id,
        name,
        unit_name,
        position,
        law_enforcement,
      })),
    ticked: cadres.filter((cadre) => invitedIds.has(cadre.person_id)).map((cadre) => cadre.id),
  };
}

type SessionAction =
  | Extract<z.output<typeof sessionActionSchema>, { intent: "invite" }>
  | { intent: "absences"; rows: AbsenceRow[] };

async function perform(actor: Actor, id: number, input: SessionAction) {
  if (input.intent === "invite") {
    await setSessionCadres(db, { actor, id, cadreIds: input.cadreIds });
    return redirectWithFlash(`/study/sessions/${id}`, { key: "study.sessions.inviteSaved" });
  }
  await recordAbsences(db, { actor, id, rows: input.rows });
  return redirectWithFlash(`/study/sessions/${id}`, { key: "study.sessions.reasonSaved" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const photoAnswer = await photoFormAction(db, {
    actor: actorOf(user, context),
    owner: { event: id },
    form,
    back: `/study/sessions/${id}`,
  });
  if (photoAnswer) return photoAnswer;
  const parsed = parseForm(form, sessionActionSchema, ["cadreIds"]);
  if (!parsed.ok) return data(parsed, 400);
  let input: SessionAction;
  if (parsed.data.intent === "absences") {
    const rows = parseForm(form, absencesSchema);
    if (!rows.ok) return data(rows, 400);
    input = { intent: "absences", rows: rows.data };
  } else {
    input = parsed.data;
  }
  const result = await submit(form, () => perform(actorOf(user, context), id, input));
  if (!result.ok) return data(result, 400);
  return result.value;
}

export default function StudySession() {
  const { t, lang } = useI18n();
  const {
    event,
    invited,
    came,
    rate,
    held,
    canManage,
    canScan,
    canWrite,
    cadres,
    ticked,
    gallery,
  } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const failed = answer && "values" in answer ? answer : undefined;
  const photoError = answer && "photoError" in answer ? answer.photoError : undefined;
  const failedAbsences = failed?.values.intent === "absences" ? failed : undefined;
  const none = t("study.none");
  const absentees = invited.filter((person) => !person.method);
  // After a refused save, each row shows what was typed, not what is stored.
  const typed = (name: string, stored: string | null) =>
    failedAbsences ? (failedAbsences.values[name] ?? "") : stored;
  const table = (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("study.cadre.name")}</th>
            <th scope="col">{t("study.sessions.status")}</th>
            <th scope="col">{t("study.sessions.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {invited.map((person) => (
            <tr key={person.id}>
              <td>
                {person.name}
                <br />
                {person.phone}
                {person.unit_name ? (
                  <>
                    <br />
                    {person.unit_name} {person.position}
                  </>
                ) : null}
              </td>
              <td>
                {person.method ? (
                  <span className="came">
                    {t("study.sessions.cameBy", { method: t(`method.${person.method}`) })}
                  </span>
                ) : held ? (
                  <span className="absent">{t("study.sessions.absent")}</span>
                ) : (
                  <span className="not-yet-in">{t("study.sessions.notYetIn")}</span>
                )}
              </td>
              <td>
                {person.method ? null : canManage ? (
                  <AbsenceFields
                    personId={person.id}
                    name={person.name}
                    reason={typed(`reason-${person.id}`, person.absence_reason)}
                    note={typed(`note-${person.id}`, person.absence_note)}
                    errors={{
                      reason: failedAbsences?.errors[`reason-${person.id}`],
                      note: failedAbsences?.errors[`note-${person.id}`],
                    }}
                  />
                ) : person.absence_reason ? (
                  <>
                    {t(`study.absence.${person.absence_reason}`)}
                    {person.absence_note ? `${t("common.colon")}${person.absence_note}` : ""}
                  </>
                ) : (
                  none
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <h1>{event.title}</h1>
      <StudyNav canWrite={canWrite} />
      <dl>
        <dt className="detail-label">{t("study.event.studyKind")}</dt>
        <dd>{t(`study.kind.${event.study_kind}`)}</dd>
        <dt className="detail-label">{t("event.startsAt")}</dt>
        <dd>{formatDateTime(lang, event.starts_at)}</dd>
        <dt className="detail-label">{t("event.venue")}</dt>
        <dd>{event.venue}</dd>
        <dt className="detail-label">{t("study.event.chair")}</dt>
        <dd>{event.chair ?? none}</dd>
        <dt className="detail-label">{t("event.speaker")}</dt>
        <dd>{event.speaker ?? none}</dd>
        <dt className="detail-label">{t("study.sessions.rate")}</dt>
        <dd>
          <SessionRate rate={rate} came={came} invited={invited.length} held={held} />
        </dd>
        <dt className="detail-label">{t("study.sessions.hours")}</dt>
        <dd>{event.hours === null ? none : t("study.event.hours", { hours: event.hours })}</dd>
        <dt className="detail-label">{t("study.sessions.minutes")}</dt>
        <dd>
          <span className="pre-line">{event.minutes ?? none}</span>
        </dd>
      </dl>
      <ul>
        <li>
          <Link to={`/events/${event.id}`}>{t("study.sessions.eventPage")}</Link>
        </li>
        {canScan ? (
          <li>
            {/* A full page load: the scan page's own security policy lets its decoder run. */}
            <a href={`/events/${event.id}/scan`}>{t("scan.link")}</a>
          </li>
        ) : null}
        {canManage && event.status !== "cancelled" ? (
          <li>
            <Link to={`/events/${event.id}/edit`}>{t("study.sessions.editEvent")}</Link>
          </li>
        ) : null}
      </ul>
      <EventPapers
        event={{
          id: event.id,
          held,
          cancelled: event.status === "cancelled",
          study: true,
        }}
      />
      <section aria-labelledby="attendance">
        <h2 id="attendance">{t("study.sessions.attendance")}</h2>
        {canManage && absentees.length > 0 ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="absences" />
            <p>{t("study.sessions.reasonsHint")}</p>
            <ErrorSummary
              errors={failedAbsences?.errors}
              labels={Object.fromEntries(
                Object.keys(failedAbsences?.errors ?? {})
                  .filter((field) => field !== "form")
                  .map((field) => [
                    field,
                    field.startsWith("note-") ? "study.sessions.note" : "study.sessions.reason",
                  ]),
              )}
            />
            {table}
            <button type="submit" className="secondary">
              {t("study.sessions.saveReason")}
            </button>
          </Form>
        ) : (
          table
        )}
      </section>
      {canManage ? (
        <section className="card" aria-labelledby="invite">
          <h2 id="invite">{t("study.sessions.invite")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <CadreChecklist
              cadres={cadres}
              ticked={new Set(ticked)}
              error={failed?.values.intent === "invite" ? failed.errors.cadreIds : undefined}
            />
            <button type="submit" className="secondary">
              {t("study.save")}
            </button>
          </Form>
        </section>
      ) : null}
      <PhotoGallery {...gallery} title={event.title} canEdit={canManage} error={photoError} />
    </>
  );
}
