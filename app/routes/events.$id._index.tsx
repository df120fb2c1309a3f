import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { z } from "zod";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { forbidden, idParam } from "~/.server/errors";
import { checkinLink, publicBase } from "~/.server/events/poster";
import { cancelEvent, copyEvent, getEventInScope, publishEvent } from "~/.server/events/events";
import { eventCapabilities } from "~/.server/events/permissions";
import { restoreEvent } from "~/.server/events/restore-event";
import { parseForm, readForm, submit } from "~/.server/forms";
import { galleryOf } from "~/.server/photos/store";
import { redirectWithFlash } from "~/.server/request";
import { ErrorSummary, Field } from "~/components/form";
import { PhotoGallery } from "~/components/photo-gallery";
import { maskPhone } from "~/lib/checkin-window";
import { eventActionSchema } from "~/lib/event-schema";
import { formatDateTime, localName } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import { EventDetailRow } from "~/components/event-detail-row";
import { EventPapers } from "~/components/event-papers";
import { EventStudyRows } from "~/components/event-study-rows";
import { StatusTag } from "~/components/status-tag";
import { displayedStatus } from "~/lib/event-status";
import { now } from "~/.server/clock";
import photoStyles from "~/styles/photos.css?url";

export const meta = pageTitle("events.detail");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: photoStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const { invitees, host_path, ...event } = await getEventInScope(db, {
    id,
    scopePath: user.unitPath,
  });
  return {
    event: {
      ...event,
      invitees: invitees.map((person) => ({
        id: person.id,
        name: person.name,
        phone: maskPhone(person.phone),
      })),
    },
    checkinUrl: checkinLink(publicBase(request), event.code),
    can: eventCapabilities(user, host_path),
    photos: (await galleryOf(db, { owner: { event: id }, scopePath: user.unitPath })).photos,
    loadedAt: now(),
  };
}

async function perform(actor: Actor, id: number, input: z.output<typeof eventActionSchema>) {
  switch (input.intent) {
    case "publish":
      await publishEvent(db, { actor, id });
      return redirectWithFlash(`/events/${id}`, { key: "events.published" });
    case "cancel":
      await cancelEvent(db, { actor, id, reason: input.reason });
      return redirectWithFlash(`/events/${id}`, { key: "events.cancelled" });
    case "restore":
      await restoreEvent(db, { actor, id });
      return redirectWithFlash(`/events/${id}`, { key: "events.restored" });
    case "copy": {
      const copy = await copyEvent(db, { actor, id });
      return redirectWithFlash(`/events/${copy.id}/edit`, { key: "events.copied" });
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "organiser"]);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, eventActionSchema);
  if (!parsed.ok) {
    // An empty reason gets its own message: residents will read what is written here.
    const errors: FieldErrors = { ...parsed.errors };
    if (errors.reason === "form.required") errors.reason = "form.reasonNeeded";
    return data({ ...parsed, errors }, 400);
  }
  // The first tap on cancel only asks; the question's own button sends `confirmed`.
  if (parsed.data.intent === "cancel" && !parsed.data.confirmed) {
    // Only someone who may cancel is asked.
    const { host_path } = await getEventInScope(db, { id, scopePath: user.unitPath });
    if (!eventCapabilities(user, host_path).manage) throw forbidden();
    return { confirmCancel: parsed.data.reason };
  }
  const result = await submit(form, () => perform(actorOf(user, context), id, parsed.data));
  if (!result.ok) return data(result, 409);
  return result.value;
}

export default function EventDetail() {
  const { t, lang } = useI18n();
  const { event, checkinUrl, can, loadedAt, photos } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const failed = answer && "errors" in answer ? answer : undefined;
  const confirmCancel = answer && "confirmCancel" in answer ? answer.confirmCancel : null;
  const none = t("event.none");
  const base = `/events/${event.id}`;
  const canPublish = event.status === "draft";
  const canCancel = event.status === "draft" || event.status === "published";
  const canRestore = event.status === "cancelled" && loadedAt < event.ends_at;
  const shownStatus = displayedStatus(event, loadedAt);
  return (
    <>
      <h1>{event.title}</h1>
      <p>
        <StatusTag status={shownStatus} /> {t("events.checkinCount", { count: event.checkinCount })}
      </p>
      {can.manage ? null : (
        <p role="note">
          {can.runDoor ? t("events.heldHere", { host: event.host_name }) : t("events.readOnly")}
        </p>
      )}
      {event.status === "cancelled" ? (
        <p role="note">{t("events.cancelledNotice", { reason: event.cancel_reason ?? "" })}</p>
      ) : null}
      <section className="card" aria-labelledby="checkin-link">
        <h2 id="checkin-link">{t("events.checkinLink")}</h2>
        <p>
          <code>{checkinUrl}</code>
        </p>
        <ul>
          {can.manage && event.status !== "cancelled" ? (
            <li>
              <Link to={`${base}/edit`}>{t("events.edit")}</Link>
            </li>
          ) : null}
          {can.runDoor && event.status !== "cancelled" ? (
            <>
              <li>
                <Link to={`${base}/poster`}>{t("events.poster")}</Link>
              </li>
              <li>
                <Link to={`${base}/projector`}>{t("events.projector")}</Link>
              </li>
            </>
          ) : null}
          <li>
            <Link to={`${base}/attendance`}>{t("events.attendance")}</Link>
          </li>
          {can.runDoor && event.status !== "cancelled" ? (
            <li>
              {/* A full page load: the scan page's own security policy lets its decoder run. */}
              <a href={`${base}/scan`}>{t("scan.link")}</a>
            </li>
          ) : null}
          <li>
            <Link to={`${base}/report`}>{t("events.report")}</Link>
          </li>
          <li>
            <a href={`${base}/export.csv`} download>
              {t("events.exportCsv")}
            </a>
          </li>
          <li>
            <a href={`${base}/export.xlsx`} download>
              {t("events.exportXlsx")}
            </a>
          </li>
          {event.visibility === "public" && event.status !== "draft" ? (
            <li>
              <Link to={`/e/${event.code}`}>{t("events.publicPage")}</Link>
            </li>
          ) : null}
        </ul>
      </section>
      <EventPapers
        event={{
          id: event.id,
          held: shownStatus === "held",
          cancelled: event.status === "cancelled",
          study: event.study_kind !== null,
        }}
      />
      <dl>
        <EventDetailRow label="event.code">{event.code}</EventDetailRow>
        <EventDetailRow label="event.format">{t(`format.${event.format}`)}</EventDetailRow>
        <EventDetailRow label="event.setting">
          {event.setting ? t(`setting.${event.setting}`) : none}
        </EventDetailRow>
        <EventDetailRow label="event.campaign">
          {event.campaign_name
            ? `${event.campaign_year} ${localName(lang, event.campaign_name, event.campaign_name_en)}`
            : none}
        </EventDetailRow>
        <EventDetailRow label="event.hostUnit">{event.host_name}</EventDetailRow>
        <EventDetailRow label="event.village">{event.village_name ?? none}</EventDetailRow>
        <EventDetailRow label="event.venue">{event.venue}</EventDetailRow>
        <EventDetailRow label="event.startsAt">
          {formatDateTime(lang, event.starts_at)}
        </EventDetailRow>
        <EventDetailRow label="event.endsAt">{formatDateTime(lang, event.ends_at)}</EventDetailRow>
        <EventDetailRow label="event.audience">
          {event.audience.map((group) => t(`group.${group}`)).join(t("common.listSeparator")) ||
            none}
        </EventDetailRow>
        <EventDetailRow label="event.laws">{event.laws ?? none}</EventDetailRow>
        <EventDetailRow label="event.speaker">
          {event.speaker && event.speaker_role
            ? t("common.aside", {
                text: event.speaker,
                aside: t(`speakerRole.${event.speaker_role}`),
              })
            : (event.speaker ?? none)}
        </EventDetailRow>
        <EventDetailRow label="event.capacity">{event.capacity ?? none}</EventDetailRow>
        <EventDetailRow label="event.visibility">
          {t(`visibility.${event.visibility}`)}
        </EventDetailRow>
        {event.visibility === "internal" ? (
          <EventDetailRow label="event.invitees">
            <ul>
              {event.invitees.map((person) => (
                <li key={person.id}>
                  {person.name} {person.phone}
                </li>
              ))}
            </ul>
          </EventDetailRow>
        ) : null}
        <EventDetailRow label="event.rotatingQr">
          {t(event.rotating_qr ? "events.yes" : "events.no")}
        </EventDetailRow>
        <EventStudyRows event={event} />
        <EventDetailRow label="event.description">
          <span className="pre-line">{event.description ?? none}</span>
        </EventDetailRow>
      </dl>
      {can.manage ? (
        <section className="card" aria-labelledby="manage">
          <h2 id="manage">{t("events.manage")}</h2>
          <ErrorSummary errors={failed?.errors} labels={{ reason: "event.cancelReason" }} />
          <div className="actions">
            {canPublish ? (
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <button type="submit">{t("events.publish")}</button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="copy" />
              <button type="submit" className="secondary" aria-describedby="copy-hint">
                {t("events.copy")}
              </button>
            </Form>
          </div>
          <p className="hint" id="copy-hint">
            {t("events.copyHint")}
          </p>
          {canRestore ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <p className="hint" id="restore-hint">
                {t("events.restoreHint")}
              </p>
              <button type="submit" aria-describedby="restore-hint">
                {t("events.restore")}
              </button>
            </Form>
          ) : null}
          {canCancel && confirmCancel !== null ? (
            <CancelQuestion title={event.title} reason={confirmCancel} back={base} />
          ) : null}
          {canCancel && confirmCancel === null ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              <Field name="reason" label="event.cancelReason" error={failed?.errors.reason}>
                {(control) => (
                  <textarea {...control} rows={2} defaultValue={failed?.values.reason} />
                )}
              </Field>
              <button type="submit" className="secondary">
                {t("events.cancel")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <PhotoGallery photos={photos} title={event.title} canEdit={false} />
    </>
  );
}

/**
 * Cancelling tells residents the event is off: a first tap only asks, as undo at the door does.
 * The question takes the focus so the answer is where the eyes (and a screen reader) are.
 */
function CancelQuestion({ title, reason, back }: { title: string; reason: string; back: string }) {
  const { t } = useI18n();
  const question = useRef<HTMLDivElement>(null);
  useEffect(() => question.current?.focus(), [reason]);
  return (
    <div ref={question} className="question" role="alert" tabIndex={-1} autoFocus>
      <p>
        <strong>{t("events.cancelConfirm", { title })}</strong>
      </p>
      <p>{t("events.cancelConfirmHint", { reason })}</p>
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="reason" value={reason} />
        <button type="submit" name="confirmed" value="yes" className="danger">
          {t("events.cancelYes")}
        </button>
        <Link className="button secondary" to={back}>
          {t("events.cancelKeep")}
        </Link>
      </Form>
    </div>
  );
}
