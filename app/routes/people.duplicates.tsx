import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm } from "~/.server/forms";
import { markDistinct } from "~/.server/people/distinct";
import { suggestDuplicates } from "~/.server/people/duplicates";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { ErrorSummary } from "~/components/form";
import { distinctSchema } from "~/lib/merge-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("people.duplicates.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  return suggestDuplicates(db, { actor: actorOf(user, context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const parsed = parseForm(await readForm(request), distinctSchema);
  if (!parsed.ok) return data(parsed, 400);
  const names = await markDistinct(db, {
    actor: actorOf(user, context),
    ids: [parsed.data.a, parsed.data.b],
  });
  return redirectWithFlash("/people/duplicates", { key: "people.distinct.done", values: names });
}

type Pair = ReturnType<typeof useLoaderData<typeof loader>>["pairs"][number];

function PairCard({ pair, index }: { pair: Pair; index: number }) {
  const { t } = useI18n();
  const headingId = `pair-${index}`;
  const drop = pair.keepId === pair.a.id ? pair.b.id : pair.a.id;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t("people.duplicates.pair", { office: pair.office, a: pair.a.name, b: pair.b.name })}
      </h2>
      <p className="actions">
        {pair.reasons.map((reason) => (
          <span key={reason} className="tag">
            {t(`people.reason.${reason}`)}
          </span>
        ))}
      </p>
      <div
        className="table-wrap"
        role="region"
        aria-label={t("people.compare", { a: pair.a.name, b: pair.b.name })}
        tabIndex={0}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{t("people.col.name")}</th>
              <th scope="col">{t("people.col.phone")}</th>
              <th scope="col">{t("people.col.village")}</th>
              <th scope="col">{t("people.col.checkins")}</th>
              <th scope="col">{t("people.col.roster")}</th>
            </tr>
          </thead>
          <tbody>
            {[pair.a, pair.b].map((side) => (
              <tr key={side.id}>
                <th scope="row">{side.name}</th>
                <td>{side.phone || t("people.noPhone")}</td>
                <td>{side.village ?? t("people.noVillage")}</td>
                <td>{side.checkins}</td>
                <td>{side.onRoster ? t("people.onRoster") : t("people.notOnRoster")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="actions">
        <Link
          className="button secondary"
          to={`/people/merge?keep=${pair.keepId}&drop=${drop}`}
          aria-label={t("people.reviewLabel", { a: pair.a.name, b: pair.b.name })}
        >
          {t("people.review")}
        </Link>
        <input type="hidden" name="intent" value="distinct" />
        <input type="hidden" name="a" value={pair.a.id} />
        <input type="hidden" name="b" value={pair.b.id} />
        <button
          type="submit"
          className="secondary"
          aria-label={t("people.distinctLabel", { a: pair.a.name, b: pair.b.name })}
        >
          {t("people.distinct")}
        </button>
      </Form>
    </section>
  );
}

export default function Duplicates() {
  const { t } = useI18n();
  const { total, pairs } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/learners">{t("nav.learners")}</Link>
      </p>
      <h1>{t("people.duplicates.title")}</h1>
      <p>{t("people.duplicates.intro")}</p>
      <ErrorSummary errors={failed?.errors} labels={{}} />
      {pairs.length === 0 ? (
        <p>{t("people.duplicates.none")}</p>
      ) : (
        <>
          {total > pairs.length ? (
            <p>{t("people.duplicates.count", { count: total, shown: pairs.length })}</p>
          ) : null}
          {pairs.map((pair, index) => (
            <PairCard key={`${pair.a.id}-${pair.b.id}`} pair={pair} index={index} />
          ))}
        </>
      )}
    </>
  );
}
