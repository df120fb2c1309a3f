import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { signinSheetPage } from "~/.server/documents/signin-page";
import { idParam } from "~/.server/errors";
import { getLang } from "~/.server/request";
import type { Lang } from "~/lib/i18n";
import { defaultLang, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import signinStyles from "~/styles/signin.css?url";

// Printed from the browser's menu: no script, so a list of hundreds is not sent twice.
export const handle: PageHandle = { chrome: false, hydrate: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: signinStyles }];

/** "签到表 · <event title>": the title also heads the printout when the browser adds one. */
export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle("documents.signin.title")(args);
  const root = args.matches.find((match) => match.id === "root")?.data as
    | { lang?: Lang }
    | undefined;
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${t("documents.signin.title")} · ${args.data.title}` }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return signinSheetPage(db, {
    actor: actorOf(user, context),
    eventId: idParam(params.id),
    lang: await getLang(request),
  });
}

export default function SigninSheet() {
  const { t } = useI18n();
  const sheet = useLoaderData<typeof loader>();
  return (
    <>
      <section className="sheet-tools" aria-labelledby="sheet-title">
        <h1 id="sheet-title">
          {t("documents.signin.title")} · {sheet.title}
        </h1>
        <p>{t("documents.signin.printHint")}</p>
        <p className="actions">
          <a href={`/events/${sheet.id}/signin.docx`} download>
            {t("documents.download.signin")}
          </a>
          <Link to={`/events/${sheet.id}`}>{t("documents.signin.back")}</Link>
        </p>
      </section>
      <article className="signin-sheet" aria-labelledby="signin-title">
        <h2 id="signin-title">{t("documents.signin.title")}</h2>
        <div className="signin-facts">
          <p>{t("documents.signin.event", { title: sheet.title })}</p>
          <p>{t("documents.signin.when", { time: sheet.when, place: sheet.place })}</p>
          <p>{t("documents.signin.host", { host: sheet.host })}</p>
          <p>{t("documents.signin.count", { count: sheet.rows.length })}</p>
        </div>
        {sheet.rows.length === 0 ? (
          <p>{t("documents.signin.empty")}</p>
        ) : (
          <div
            className="table-wrap"
            role="region"
            tabIndex={0}
            aria-label={t("documents.signin.title")}
          >
            <table className="signin-table">
              <thead>
                <tr>
                  <th scope="col" className="signin-number">
                    {t("documents.signin.number")}
                  </th>
                  <th scope="col">{t("documents.signin.name")}</th>
                  <th scope="col">{t("documents.signin.phone")}</th>
                  <th scope="col">{t("documents.signin.place")}</th>
                  <th scope="col">{t("documents.signin.group")}</th>
                  <th scope="col">{t("documents.signin.time")}</th>
                  <th scope="col">{t("documents.signin.method")}</th>
                </tr>
              </thead>
              <tbody>
                {sheet.rows.map((row) => (
                  <tr key={row.number}>
                    <td>{row.number}</td>
                    <td>{row.name}</td>
                    <td>{row.phone}</td>
                    <td>{row.place}</td>
                    <td>{row.group}</td>
                    <td>{row.time}</td>
                    <td>{row.method}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </article>
    </>
  );
}
