import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { eventFormOptions } from "~/.server/events/event-form-options";
import { createEvent } from "~/.server/events/events";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { EventForm } from "~/components/event-form";
import { eventArrayFields, eventSchema } from "~/lib/event-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("events.new");

const managers = ["admin", "organiser"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, managers);
  const options = await eventFormOptions(db, { scopePath: user.unitPath });
  return { options, hostUnitId: String(user.unitId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, managers);
  const form = await readForm(request);
  const audience = form.getAll("audience").map(String);
  const parsed = parseForm(form, eventSchema, eventArrayFields);
  if (!parsed.ok) return data({ ...parsed, audience }, 400);
  const publish = form.get("intent") === "publish";
  const result = await submit(form, () =>
    createEvent(db, { actor: actorOf(user, context), event: parsed.data, publish }),
  );
  if (!result.ok) return data({ ...result, audience }, 400);
  return redirectWithFlash(
    `/events/${result.value.id}`,
    publish
      ? { key: "events.published" }
      : { key: "events.created", values: { title: parsed.data.title } },
  );
}

export default function NewEvent() {
  const { t } = useI18n();
  const { options, hostUnitId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("events.new")}</h1>
      <EventForm
        key={failed ? "failed" : "fresh"}
        mode="new"
        options={options}
        values={failed?.values ?? { hostUnitId, visibility: "public" }}
        audience={failed?.audience ?? []}
        errors={failed?.errors}
      />
    </>
  );
}
