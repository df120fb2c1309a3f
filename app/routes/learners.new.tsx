import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listVillagesInScope, offeredVillages } from "~/.server/events/event-list-query";
import { parseForm, readForm, submit } from "~/.server/forms";
import { addLearner } from "~/.server/learners/roster-write";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { LearnerForm } from "~/components/learner-form";
import { pageTitle } from "~/lib/meta";
import { learnerSchema } from "~/lib/roster-schema";
import { useI18n } from "~/lib/use-i18n";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("roster.new.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const villages = offeredVillages(await listVillagesInScope(db, { scopePath: user.unitPath }));
  // A village's own organiser adds to their village: it is the one choice, already made.
  const only = villages.length === 1 ? String(villages[0]!.id) : "";
  return { villages: villages.map(({ id, label }) => ({ id, label })), villageId: only };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, learnerSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    addLearner(db, { actor: actorOf(user, context), learner: parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  // On the new person's page: their pass and personal link are there, ready to hand over.
  return redirectWithFlash(`/learners/${result.value.id}`, {
    key: "roster.added",
    values: { name: parsed.data.name },
  });
}

export default function NewLearner() {
  const { t } = useI18n();
  const { villages, villageId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("roster.new.title")}</h1>
      <LearnerForm
        key={failed ? "failed" : "fresh"}
        villages={villages}
        values={failed?.values ?? { villageId }}
        errors={failed?.errors}
        submit="roster.addSubmit"
      />
    </>
  );
}
