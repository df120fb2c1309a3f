import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idQuery } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { passSheet } from "~/.server/passes/cards";
import { issueMissingPasses } from "~/.server/passes/issue";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { IssueMissingForm, MissingNote } from "~/components/pass-missing";
import { PassCard } from "~/components/pass-card";
import { pageTitle } from "~/lib/meta";
import { passListActionSchema } from "~/lib/pass-schema";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import passStyles from "~/styles/passes.css?url";

// No script: a district's sheet carries a QR drawing per card, which hydration would send twice.
export const handle: PageHandle = { chrome: false, hydrate: false };

export const meta = pageTitle("pass.sheetTitle");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: passStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const village = idQuery(new URL(request.url).searchParams.get("village"));
  return passSheet(db, { unitId: village, scopePath: user.unitPath, role: user.role });
}

/** Issues every missing pass of the sheet's scope, then shows the sheet again with the new cards. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, passListActionSchema);
  if (!parsed.ok) return data(parsed, 400);
  const { unitId } = parsed.data;
  const result = await submit(form, () =>
    issueMissingPasses(db, { actor: actorOf(user, context), unitId }),
  );
  if (!result.ok) return data(result, 400);
  const { issued, unitName } = result.value;
  return redirectWithFlash(
    unitId === null ? "/passes/sheet" : `/passes/sheet?village=${unitId}`,
    issued > 0
      ? { key: "pass.issuedMissing", values: { count: issued, unit: unitName } }
      : { key: "pass.issuedNone", values: { unit: unitName } },
  );
}

export default function PassSheet() {
  const { t } = useI18n();
  const { unit, scopeName, sections, issuable, heldAbove, unprintable } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const title = unit?.label ?? scopeName;
  return (
    <>
      <section className="sheet-tools" aria-labelledby="sheet-title">
        <h1 id="sheet-title">
          {t("pass.sheetTitle")}
          {title ? ` · ${title}` : null}
        </h1>
        <MissingNote issuable={issuable} heldAbove={heldAbove} onSheet />
        {unprintable > 0 ? <p>{t("pass.sheetUnprintable", { count: unprintable })}</p> : null}
        {issuable > 0 || failed ? (
          <IssueMissingForm unitId={unit?.id ?? null} count={issuable} errors={failed?.errors} />
        ) : null}
        <p>{t("pass.printHint")}</p>
        <p className="actions">
          {unit ? <Link to="/passes/sheet">{t("pass.sheetAll")}</Link> : null}
          <Link to={unit ? `/passes?unit=${unit.id}` : "/passes"}>{t("pass.back")}</Link>
        </p>
      </section>
      {sections.length === 0 ? (
        <p>{t("pass.sheetEmpty")}</p>
      ) : (
        sections.map((section) => (
          <section
            key={section.unitId}
            className="pass-sheet-section"
            aria-labelledby={`sheet-unit-${section.unitId}`}
          >
            <h2 id={`sheet-unit-${section.unitId}`}>{section.label}</h2>
            <div className="pass-sheet">
              {section.cards.map((card) => (
                <PassCard key={card.personId} card={card} />
              ))}
            </div>
          </section>
        ))
      )}
    </>
  );
}
