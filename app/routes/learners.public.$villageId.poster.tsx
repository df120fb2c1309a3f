import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { publicBase } from "~/.server/events/poster";
import { villagePoster } from "~/.server/learners/publish";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import posterStyles from "~/styles/poster.css?url";
import publishStyles from "~/styles/publish.css?url";

// The A4 poster of a village's public list for its notice board: the QR code and the link, no
// names, so that a withdrawal takes effect on the wall too. Printed from the browser's menu.

export const handle: PageHandle = { chrome: false, hydrate: false };

export const meta = pageTitle("publish.poster.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: posterStyles },
  { rel: "stylesheet", href: publishStyles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const poster = await villagePoster(db, {
    villageId: idParam(params.villageId),
    scopePath: user.unitPath,
    base: publicBase(request),
  });
  return { ...poster, linkHost: new URL(poster.link).host };
}

export default function VillagePoster() {
  const { t } = useI18n();
  const poster = useLoaderData<typeof loader>();
  const title = t("publish.public.title", { name: poster.title });
  return (
    <>
      <section className="poster-tools" aria-labelledby="poster-tools">
        <h1 id="poster-tools">
          {t("publish.poster.title")} · {poster.title}
        </h1>
        <p>{t("publish.poster.printHint")}</p>
        <p>{t("publish.overview.posterWhy")}</p>
        <ul>
          <li>
            <a href={`/v/${poster.id}`}>{t("publish.openPageOf", { village: poster.title })}</a>
          </li>
          <li>
            <Link to="/learners/public">{t("publish.poster.back")}</Link>
          </li>
        </ul>
      </section>
      <article className="poster-sheet" aria-label={title}>
        <h2 className="poster-title">{title}</h2>
        <p className="poster-lead">{t("publish.poster.lead")}</p>
        <div className="poster-qr-block">
          <p className="poster-scan">{t("publish.poster.scan")}</p>
          <div
            className="poster-qr"
            role="img"
            aria-label={t("publish.poster.qrLabel", { link: poster.link })}
            dangerouslySetInnerHTML={{ __html: poster.qrSvg }}
          />
          <p className="poster-link">
            {t("publish.poster.linkIntro")}
            <br />
            <span className="poster-url">{poster.link}</span>
          </p>
        </div>
        <p className="poster-hotline">{t("publish.poster.hotline")}</p>
      </article>
    </>
  );
}
