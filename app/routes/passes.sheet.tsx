import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idQuery, notFound } from "~/.server/errors";
import { passSheet } from "~/.server/passes/cards";
import { PassCard } from "~/components/pass-card";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import passStyles from "~/styles/passes.css?url";

export const handle: PageHandle = { chrome: false };

export const meta = pageTitle("pass.sheetTitle");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: passStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const village = idQuery(new URL(request.url).searchParams.get("village"));
  if (village === null) throw notFound();
  return passSheet(db, { unitId: village, scopePath: user.unitPath, role: user.role });
}

/** Printing works from the browser's menu; once scripts run, a button does the same. */
function PrintButton() {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      {t("pass.print")}
    </button>
  );
}

export default function PassSheet() {
  const { t } = useI18n();
  const { unit, cards, withoutPass, unprintable } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="sheet-tools" aria-labelledby="sheet-title">
        <h1 id="sheet-title">
          {t("pass.sheetTitle")} · {unit.name}
        </h1>
        {withoutPass > 0 ? <p>{t("pass.sheetMissing", { count: withoutPass })}</p> : null}
        {unprintable > 0 ? <p>{t("pass.sheetUnprintable", { count: unprintable })}</p> : null}
        <p className="actions">
          <PrintButton />
          <Link to={`/passes?unit=${unit.id}`}>{t("pass.back")}</Link>
        </p>
      </section>
      {cards.length === 0 ? (
        <p>{t("pass.sheetEmpty")}</p>
      ) : (
        <div className="pass-sheet">
          {cards.map((card) => (
            <PassCard key={card.personId} card={card} />
          ))}
        </div>
      )}
    </>
  );
}
