import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm } from "~/.server/forms";
import type { DuplicateSide } from "~/.server/people/duplicates";
import { mergePeople, mergePreview } from "~/.server/people/merge";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { ErrorSummary } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { mergeSchema } from "~/lib/merge-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import peopleStyles from "~/styles/people.css?url";

export const meta = pageTitle("people.merge.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: peopleStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const query = new URL(request.url).searchParams;
  const keepId = idParam(query.get("keep") ?? undefined);
  const dropId = idParam(query.get("drop") ?? undefined);
  return mergePreview(db, { actor: actorOf(user, context), keepId, dropId });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const parsed = parseForm(await readForm(request), mergeSchema);
  if (!parsed.ok) return data(parsed, 400);
  const { keep, drop } = parsed.data;
  const result = await mergePeople(db, {
    actor: actorOf(user, context),
    keepId: keep,
    dropId: drop,
  });
  return redirectWithFlash(
    "/people/duplicates",
    result.merged
      ? { key: "people.merge.done", values: { name: result.moves.keep.name } }
      : { key: "people.merge.already" },
  );
}

function SideCard({ side, heading, id }: { side: DuplicateSide; heading: MessageKey; id: string }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t(heading)}</h2>
      <dl className="merge-side">
        <dt>{t("people.col.name")}</dt>
        <dd>{side.name}</dd>
        <dt>{t("people.col.phone")}</dt>
        <dd>{side.phone || t("people.noPhone")}</dd>
        <dt>{t("people.col.village")}</dt>
        <dd>{side.village ?? t("people.noVillage")}</dd>
        <dt>{t("people.col.checkins")}</dt>
        <dd>{side.checkins}</dd>
        <dt>{t("people.col.roster")}</dt>
        <dd>{side.onRoster ? t("people.onRoster") : t("people.notOnRoster")}</dd>
      </dl>
    </section>
  );
}

export default function MergePeople() {
  const { t } = useI18n();
  const plan = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const moves: string[] = [];
  if (plan.checkins > 0) moves.push(t("people.merge.checkins", { count: plan.checkins }));
  if (plan.sameEvent > 0) moves.push(t("people.merge.sameEvent", { count: plan.sameEvent }));
  if (plan.invitations > 0) {
    moves.push(t("people.merge.invitations", { count: plan.invitations }));
  }
  if (plan.roster === "move") moves.push(t("people.merge.rosterMove"));
  if (plan.roster === "fold") {
    moves.push(t("people.merge.rosterFold", { duties: plan.duties, links: plan.links }));
  }
  if (plan.cadre === "move") moves.push(t("people.merge.cadreMove"));
  if (plan.cadre === "fold") moves.push(t("people.merge.cadreFold", { reports: plan.reports }));
  if (plan.passes > 0) moves.push(t("people.merge.passes", { count: plan.passes }));
  if (plan.passRevoked) moves.push(t("people.merge.passRevoked"));
  if (plan.phone) moves.push(t("people.merge.phone", { phone: plan.phone }));
  moves.push(t("people.merge.figures"));
  return (
    <>
      <p>
        <Link to="/people/duplicates">{t("people.merge.back")}</Link>
      </p>
      <h1>{t("people.merge.title")}</h1>
      <p>{t("people.merge.intro")}</p>
      <ErrorSummary errors={failed?.errors} labels={{}} />
      <div className="merge-sides">
        <SideCard side={plan.keep} heading="people.merge.keep" id="merge-keep" />
        <SideCard side={plan.drop} heading="people.merge.drop" id="merge-drop" />
      </div>
      <p>
        <Link to={`/people/merge?keep=${plan.drop.id}&drop=${plan.keep.id}`}>
          {t("people.merge.swap")}
        </Link>
      </p>
      {plan.refusal ? (
        <section className="card" aria-labelledby="merge-refused">
          <h2 id="merge-refused">{t("people.merge.refused")}</h2>
          <p className="error" role="alert">
            {t(plan.refusal)}
          </p>
        </section>
      ) : (
        <section aria-labelledby="merge-moves">
          <h2 id="merge-moves">{t("people.merge.moves")}</h2>
          <ul>
            {moves.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="keep" value={plan.keep.id} />
            <input type="hidden" name="drop" value={plan.drop.id} />
            <p className="hint">{t("people.merge.final")}</p>
            <button type="submit">{t("people.merge.confirm")}</button>
          </Form>
        </section>
      )}
    </>
  );
}
