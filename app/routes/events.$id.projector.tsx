import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { rolesFor } from "~/.server/scope";
import { AppError, idParam } from "~/.server/errors";
import { publicBase } from "~/.server/events/poster";
import type { ProjectorPhase } from "~/.server/events/projector";
import { getProjectorState } from "~/.server/events/projector";
import type { Lang } from "~/lib/i18n";
import { dateTimeFormat, defaultLang, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import projectorStyles from "~/styles/projector.css?url";
import type { LiveState } from "./events.$id.live";

export const handle: PageHandle = { chrome: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectorStyles }];

export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle("projector.title")(args);
  const root = args.matches.find((match) => match.id === "root")?.data as
    | { lang?: Lang }
    | undefined;
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${t("projector.title")} · ${args.data.title}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The code that checks people in is for those who run the door; officials read the figures.
  const user = await requireRole(request, rolesFor.manageEvents);
  const state = await getProjectorState(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
    base: publicBase(request),
  });
  // A cancelled event has nothing to project; an open page learns of it through /live.
  if (state.phase === "cancelled") throw new AppError("CONFLICT", "events.cancelledNoPoster");
  return state;
}

/** After a failed request, ask again this much later. */
const RETRY_SECONDS = 5;
/** Ask a little after the server's "refresh in", so a rotating code has surely changed. */
const MARGIN_MS = 250;

/**
 * The count and code, kept current by asking /events/:id/live when the server says to; nothing
 * is asked while the page is hidden, and a visible page asks at once.
 */
function useLiveState(id: number, initial: LiveState) {
  const [state, setState] = useState(initial);
  const [stale, setStale] = useState(false);
  // A page drawn before the window opened has no code: it asks for one until it has it.
  const hasCode = useRef(initial.qrSvg !== undefined);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = (seconds: number) => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(poll, seconds * 1000 + MARGIN_MS);
    };
    async function poll() {
      try {
        const query = hasCode.current ? "" : "?qr=1";
        const response = await fetch(`/events/${id}/live${query}`, {
          headers: { Accept: "application/json" },
          cache: "no-store",
        });
        if (!response.headers.get("Content-Type")?.includes("application/json")) {
          // The session ended (the answer is the log-in page): show it.
          window.location.reload();
          return;
        }
        if (!response.ok) throw new Error(`live answered ${response.status}`);
        const next = (await response.json()) as LiveState;
        if (stopped) return;
        const open = next.phase === "open";
        hasCode.current = open && (next.qrSvg !== undefined || hasCode.current);
        // Outside the window the code is dropped, so nobody scans a code that is refused.
        setState((previous) =>
          open
            ? { ...next, qrSvg: next.qrSvg ?? previous.qrSvg, link: next.link ?? previous.link }
            : { ...next, qrSvg: undefined, link: undefined },
        );
        setStale(false);
        schedule(next.refreshInSeconds);
      } catch {
        if (stopped) return;
        setStale(true);
        schedule(RETRY_SECONDS);
      }
    }
    const onVisibility = () => {
      if (document.hidden) clearTimeout(timer);
      else void poll();
    };
    document.addEventListener("visibilitychange", onVisibility);
    schedule(initial.refreshInSeconds);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [id, initial.refreshInSeconds]);
  return { ...state, stale };
}

function FullScreenButton() {
  const { t } = useI18n();
  const [supported, setSupported] = useState(false);
  useEffect(() => setSupported(document.fullscreenEnabled), []);
  if (!supported) return null;
  return (
    <button type="button" onClick={() => void document.documentElement.requestFullscreen()}>
      {t("projector.fullscreen")}
    </button>
  );
}

/** Instead of a code: 未开始 with the opening time, 已结束 or 已取消, large enough for the hall. */
function PhaseMessage({ phase, opensAt }: { phase: ProjectorPhase; opensAt: string }) {
  const { t, lang } = useI18n();
  if (phase === "open") return null;
  const [title, detail] =
    phase === "early"
      ? [t("projector.notStarted"), t("projector.opensAt", { time: openingTime(lang, opensAt) })]
      : phase === "closed"
        ? [t("projector.ended"), t("projector.endedHint")]
        : [t("projector.cancelled"), t("projector.cancelledHint")];
  return (
    <div className="projector-state" role="status">
      <p className="projector-state-title">{title}</p>
      <p className="projector-state-detail">{detail}</p>
    </div>
  );
}

/** 24-hour, so the server's and the browser's Intl write the same text (no hydration mismatch). */
const openingTime = (lang: Lang, iso: string) =>
  dateTimeFormat(lang, {
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));

export default function Projector() {
  const { t, lang } = useI18n();
  const projector = useLoaderData<typeof loader>();
  const live = useLiveState(projector.id, {
    count: projector.count,
    phase: projector.phase,
    ...(projector.qrSvg ? { qrSvg: projector.qrSvg } : {}),
    ...(projector.link ? { link: projector.link } : {}),
    refreshInSeconds: projector.refreshInSeconds,
  });
  const open = live.phase === "open" && live.qrSvg !== undefined;
  return (
    <div className="projector">
      {/* Without JavaScript the whole page reloads instead of polling. */}
      <noscript>
        <meta httpEquiv="refresh" content={String(projector.refreshInSeconds)} />
        <p className="projector-hint">
          {t("projector.noScriptHint", { seconds: projector.refreshInSeconds })}
        </p>
      </noscript>
      {open ? (
        <div
          className="projector-qr"
          role="img"
          aria-label={
            projector.rotating
              ? t("projector.qrRotatingLabel")
              : t("poster.qrLabel", { link: live.link ?? "" })
          }
          dangerouslySetInnerHTML={{ __html: live.qrSvg ?? "" }}
        />
      ) : null}
      <div className={open ? "projector-info" : "projector-info projector-info-alone"}>
        <h1>{projector.title}</h1>
        {projector.status === "draft" ? (
          <p className="projector-note">{t("poster.draftNote")}</p>
        ) : null}
        <PhaseMessage phase={live.phase} opensAt={projector.opensAt} />
        {open ? (
          <>
            <p className="projector-scan">{t("poster.scan")}</p>
            {projector.rotating ? (
              <p className="projector-hint">{t("projector.rotatingHint")}</p>
            ) : (
              <p className="projector-link">{live.link}</p>
            )}
          </>
        ) : null}
        <p className="projector-count" aria-live="polite" data-testid="live-count">
          <span className="projector-number">{new Intl.NumberFormat(lang).format(live.count)}</span>{" "}
          <span>{t("projector.countLabel")}</span>
        </p>
        {live.stale ? (
          <p className="projector-note" role="status">
            {t("projector.stale")}
          </p>
        ) : null}
      </div>
      <nav className="projector-controls" aria-label={t("projector.title")}>
        <FullScreenButton />
        <Link to={`/events/${projector.id}`}>{t("projector.exit")}</Link>
      </nav>
    </div>
  );
}
