import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { useEffect } from "react";
import type { Role } from "../db/schema";
import { getCurrentUser } from "~/.server/auth/guards";
import { getLang, takeFlash } from "~/.server/request";
import { isDemoData } from "~/.server/startup";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import { errorTitleKey, pageTitle } from "~/lib/meta";
import { useNonce } from "~/lib/nonce";
import { REQUEST_ID_ATTRIBUTE, useRequestId } from "~/lib/request-id";
import { useI18n } from "~/lib/use-i18n";
import stylesUrl from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // For browsers, chat apps and home screens that take no SVG icon (scripts/draw-icons.js).
  { rel: "icon", href: "/favicon.png", type: "image/png", sizes: "48x48" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png", sizes: "180x180" },
];

export const meta = pageTitle(null);

export async function loader({ request }: LoaderFunctionArgs) {
  const [lang, user, { flash, headers }, demo] = await Promise.all([
    getLang(request),
    getCurrentUser(request),
    takeFlash(request),
    isDemoData(),
  ]);
  return data(
    {
      lang,
      demo,
      flash,
      user: user && {
        // The account whose offline door data log-out forgets on this device.
        id: user.id,
        displayName: user.displayName,
        role: user.role,
        unitName: user.unitName,
      },
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

/** What a route's `handle` may ask of the page around it. */
export type PageHandle = {
  /** false: send the page without any script. */
  hydrate?: boolean;
  /** false: no header, navigation or banner (print and projector pages). */
  chrome?: boolean;
};

function usePageHandle(key: keyof PageHandle) {
  return !useMatches().some((match) => (match.handle as PageHandle | undefined)?.[key] === false);
}

const navByRole: Record<Role, { to: string; label: MessageKey }[]> = {
  admin: [
    { to: "/dashboard", label: "nav.dashboard" },
    { to: "/events", label: "nav.events" },
    { to: "/learners", label: "nav.learners" },
    { to: "/duties", label: "nav.duties" },
    { to: "/study", label: "nav.study" },
    { to: "/reach", label: "nav.reach" },
    { to: "/units", label: "nav.units" },
    { to: "/people", label: "nav.people" },
    { to: "/admin/users", label: "nav.users" },
    { to: "/admin/audit", label: "nav.audit" },
    { to: "/admin/settings", label: "nav.settings" },
  ],
  organiser: [
    { to: "/dashboard", label: "nav.dashboard" },
    { to: "/events", label: "nav.events" },
    { to: "/learners", label: "nav.learners" },
    { to: "/duties", label: "nav.duties" },
    { to: "/study", label: "nav.study" },
    { to: "/reach", label: "nav.reach" },
    { to: "/units", label: "nav.units" },
    { to: "/people", label: "nav.people" },
  ],
  official: [
    { to: "/dashboard", label: "nav.dashboard" },
    { to: "/events", label: "nav.events" },
    { to: "/learners", label: "nav.learners" },
    { to: "/duties", label: "nav.duties" },
    { to: "/study", label: "nav.study" },
    { to: "/reach", label: "nav.reach" },
    { to: "/units", label: "nav.units" },
  ],
};

/** The site's links for this visitor, and who is logged in. */
/** Longest a log-out waits for the device to forget the door's data: it never hangs on it. */
const FORGET_WAIT_MS = 3_000;

/**
 * Log-out forgets the offline door's pages and the account's lists on this device first (its
 * items still waiting stay, for the same account's next log-in), then posts as usual. The code
 * loads only when someone logs out.
 */
function forgetDoorFirst(account: number) {
  return (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    if (form.dataset.forgotten === "yes") return;
    event.preventDefault();
    const forget = import("~/components/door/forget").then((door) => door.forgetDoor(account));
    const wait = new Promise((resolve) => setTimeout(resolve, FORGET_WAIT_MS));
    void Promise.race([forget, wait])
      .catch(() => undefined)
      .finally(() => {
        form.dataset.forgotten = "yes";
        form.requestSubmit();
      });
  };
}

function Navigation({ data }: { data: RootData | undefined }) {
  const { t } = useI18n();
  const user = data?.user;
  return (
    <>
      <nav aria-label={t("nav.main")}>
        <ul>
          {user ? (
            <>
              {navByRole[user.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{t(item.label)}</NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/account/password">{t("nav.password")}</NavLink>
              </li>
              <li>
                <Form method="post" action="/logout" onSubmit={forgetDoorFirst(user.id)}>
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <>
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/login">{t("nav.login")}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      {user ? (
        <p className="who">
          {user.displayName} · {t(`role.${user.role}`)} · {user.unitName}
        </p>
      ) : null}
    </>
  );
}

function Header({ data }: { data: RootData | undefined }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      {/* Inside the header landmark, so that no content of the page lies outside a landmark. */}
      {data?.demo ? (
        <p className="demo-banner" role="note">
          {t("app.demoBanner")}
        </p>
      ) : null}
      <div className="bar">
        <Link to="/" className="brand">
          {t("app.name")}
        </Link>
        <Form method="post" action="/lang" className="lang-form">
          <input type="hidden" name="lang" value={lang === "en" ? "zh-CN" : "en"} />
          <input type="hidden" name="next" value={here} />
          {/* The visible name stays in the accessible name (WCAG 2.5.3), marked in its own language;
              the hint before it is in the page's language. */}
          <button type="submit" className="link-button">
            <span className="visually-hidden">{t("lang.switchLabel")} </span>
            <span lang={lang === "en" ? "zh-CN" : "en"}>{t("lang.switch")}</span>
          </button>
        </Form>
        {/* On a phone the navigation folds behind one button, so that the page's own title stays
            on the first screen; <details> opens without JavaScript and inline script is refused
            anyway. Keyed by the location so that it closes again after each navigation. */}
        <details className="menu" key={location.key}>
          <summary>{t("nav.menu")}</summary>
          <div className="menu-panel">
            <Navigation data={data} />
          </div>
        </details>
      </div>
      <div className="wide-nav">
        <Navigation data={data} />
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t, lang } = useI18n();
  const hydrate = usePageHandle("hydrate");
  const chrome = usePageHandle("chrome");
  const nonce = useNonce();
  const flash = data?.flash;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {chrome ? <Header data={data} /> : null}
        <main id="main" tabIndex={-1} className={chrome ? undefined : "bare"}>
          {flash && isMessageKey(flash.key) ? (
            <p className="flash" role="status">
              {t(flash.key, flash.values)}
            </p>
          ) : null}
          {children}
        </main>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  // Set once React has taken over the page (hydration errors are reported before effects run):
  // browser tests wait for it before they judge the console.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

/** A 409 says why in its own words (AppError's message key), e.g. a cancelled event's poster. */
function conflictMessage(error: unknown): MessageKey | undefined {
  if (!isRouteErrorResponse(error) || error.status !== 409) return undefined;
  const key = (error.data as { messageKey?: unknown } | null)?.messageKey;
  return typeof key === "string" && isMessageKey(key) ? key : undefined;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  // Staff go back to their own start page; only visitors go to the public home page.
  const loggedIn = Boolean(useRouteLoaderData<typeof loader>("root")?.user);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = errorTitleKey(error);
  const requestId = useRequestId();
  const body: MessageKey =
    status === 404
      ? "error.notFound.body"
      : status === 403
        ? "error.forbidden.body"
        : status === 503
          ? "error.unavailable.body"
          : (conflictMessage(error) ?? "error.server.body");
  return (
    <section className="error-page">
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        {loggedIn ? (
          <Link to="/dashboard">{t("error.backDashboard")}</Link>
        ) : (
          <Link to="/">{t("error.backHome")}</Link>
        )}
      </p>
      {requestId ? (
        <p className="request-id" {...{ [REQUEST_ID_ATTRIBUTE]: requestId }}>
          {t("error.requestId", { id: requestId })}
        </p>
      ) : null}
    </section>
  );
}
