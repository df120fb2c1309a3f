import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { listVillagesInScope, offeredVillages } from "~/.server/events/event-list-query";
import { parseForm, readForm, submit } from "~/.server/forms";
import {
  learnerInScope,
  reinstateLearner,
  retireLearner,
  updateLearner,
} from "~/.server/learners/roster-write";
import { recordEditFormRead } from "~/.server/privacy/sensitive-reads";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { ErrorSummary, Field } from "~/components/form";
import { LearnerForm } from "~/components/learner-form";
import { pageTitle } from "~/lib/meta";
import { learnerActionSchema } from "~/lib/roster-schema";
import { shanghaiDay } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("roster.edit");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const learner = await learnerInScope(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
  });
  // The form shows the whole number: a logged sensitive read.
  await recordEditFormRead(db, {
    actor: actorOf(user, context),
    purpose: "learner_edit",
    target: `learner:${learner.id}`,
    phones: [learner.phone],
  });
  const villages = offeredVillages(
    await listVillagesInScope(db, { scopePath: user.unitPath }),
    learner.village_id,
  );
  return {
    villages: villages.map(({ id, label }) => ({ id, label })),
    today: shanghaiDay(new Date().toISOString()),
    learner: {
      id: learner.id,
      name: learner.name,
      status: learner.status,
      retiredOn: learner.retired_on,
      retireReason: learner.retire_reason,
      values: {
        name: learner.name,
        phone: learner.phone ?? "",
        villageId: String(learner.village_id),
        category: learner.category,
        recognisedOn: learner.recognised_on ?? "",
        certificateNo: learner.certificate_no ?? "",
        adviser: learner.adviser ?? "",
      },
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, learnerActionSchema);
  if (!parsed.ok) return data({ intent: String(form.get("intent")), ...parsed }, 400);
  const actor = actorOf(user, context);
  const input = parsed.data;
  const result = await submit(form, async () => {
    switch (input.intent) {
      case "update":
        return {
          key: "roster.updated",
          ...(await updateLearner(db, { actor, id, learner: input })),
        } as const;
      case "retire":
        return {
          key: "roster.retired",
          ...(await retireLearner(db, { actor, id, ...input })),
        } as const;
      case "reinstate":
        return {
          key: "roster.reinstated",
          ...(await reinstateLearner(db, { actor, id })),
        } as const;
    }
  });
  if (!result.ok) return data({ intent: input.intent, ...result }, 400);
  return redirectWithFlash("/learners", {
    key: result.value.key,
    values: { name: result.value.name },
  });
}

export default function EditLearner() {
  const { t } = useI18n();
  const { learner, villages, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failedUpdate = failed?.intent === "update" ? failed : undefined;
  const failedStatus = failed && failed.intent !== "update" ? failed : undefined;
  return (
    <>
      <h1>{t("roster.edit.title", { name: learner.name })}</h1>
      <LearnerForm
        key={failedUpdate ? "failed" : "fresh"}
        villages={villages}
        values={failedUpdate?.values ?? learner.values}
        errors={failedUpdate?.errors}
        submit="roster.save"
        withIntent
      />
      {learner.status === "active" ? (
        <section className="card" aria-labelledby="retire">
          <h2 id="retire">{t("roster.retire.title")}</h2>
          <p>{t("roster.retire.intro")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="retire" />
            <ErrorSummary
              errors={failedStatus?.errors}
              labels={{ retiredOn: "roster.retire.date", reason: "roster.retire.reason" }}
            />
            <Field
              name="retiredOn"
              label="roster.retire.date"
              type="date"
              defaultValue={failedStatus?.values.retiredOn ?? today}
              error={failedStatus?.errors.retiredOn}
              required
            />
            <Field
              name="reason"
              label="roster.retire.reason"
              defaultValue={failedStatus?.values.reason}
              error={failedStatus?.errors.reason}
              maxLength={200}
              required
            />
            <div className="actions">
              <button type="submit" className="button secondary">
                {t("roster.retire.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <section className="card" aria-labelledby="reinstate">
          <h2 id="reinstate">{t("roster.reinstate.title")}</h2>
          <p>
            {t("roster.reinstate.intro", {
              date: learner.retiredOn ?? "",
              reason: learner.retireReason ?? "",
            })}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="reinstate" />
            <ErrorSummary errors={failedStatus?.errors} labels={{}} />
            <div className="actions">
              <button type="submit">{t("roster.reinstate.submit")}</button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
