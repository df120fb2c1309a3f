import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { eventFormOptions } from "~/.server/events/event-form-options";
import { getEventInScope, updateEvent } from "~/.server/events/events";
import { parseForm, readForm, submit } from "~/.server/forms";
import { recordEditFormRead } from "~/.server/privacy/sensitive-reads";
import { redirectWithFlash } from "~/.server/request";
import { EventForm, eventFormValues } from "~/components/event-form";
import { eventArrayFields, eventSchema } from "~/lib/event-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("events.edit");

const managers = ["admin", "organiser"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, managers);
  const id = idParam(params.id);
  const event = await getEventInScope(db, { id, scopePath: user.unitPath, toManage: true });
  // The invitation list is edited as typed, whole numbers included: a logged sensitive read.
  await recordEditFormRead(db, {
    actor: actorOf(user, context),
    purpose: "invitation_edit",
    target: `event:${event.id}`,
    phones: event.invitees.map((person) => person.phone),
  });
  const options = await eventFormOptions(db, {
    scopePath: user.unitPath,
    eventStartsAt: event.starts_at,
    current: { hostUnitId: event.host_unit_id, villageId: event.village_id },
  });
  return {
    id: event.id,
    title: event.title,
    canPublish: event.status === "draft",
    values: eventFormValues(event),
    audience: event.audience as string[],
    options,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, managers);
  const id = idParam(params.id);
  const form = await readForm(request);
  const audience = form.getAll("audience").map(String);
  const parsed = parseForm(form, eventSchema, eventArrayFields);
  if (!parsed.ok) return data({ ...parsed, audience }, 400);
  const publish = form.get("intent") === "publish";
  const result = await submit(form, () =>
    updateEvent(db, { actor: actorOf(user, context), id, event: parsed.data, publish }),
  );
  if (!result.ok) return data({ ...result, audience }, 400);
  return redirectWithFlash(`/events/${id}`, {
    key: publish ? "events.published" : "events.updated",
  });
}

export default function EditEvent() {
  const { t } = useI18n();
  const { id, title, canPublish, values, audience, options } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("events.edit")}</h1>
      <p>
        <Link to={`/events/${id}`}>{title}</Link>
      </p>
      <EventForm
        key={failed ? "failed" : "stored"}
        mode="edit"
        canPublish={canPublish}
        options={options}
        values={failed?.values ?? values}
        audience={failed?.audience ?? audience}
        errors={failed?.errors}
      />
    </>
  );
}
