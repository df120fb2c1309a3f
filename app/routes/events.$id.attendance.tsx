import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useLocation,
} from "@remix-run/react";
import { useEffect } from "react";
import type { Actor } from "~/.server/audit/audit-log";
import { listAttendance } from "~/.server/attendance/list";
import { staffCheckIn } from "~/.server/attendance/staff-checkin";
import { undoCheckIn } from "~/.server/attendance/undo-checkin";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { env } from "~/.server/env";
import { idParam, idQuery } from "~/.server/errors";
import { eventCapabilities } from "~/.server/events/permissions";
import { parseForm, readForm, submit } from "~/.server/forms";
import type { Flash } from "~/.server/request";
import { langOf, redirectWithFlash } from "~/.server/request";
import { EventPageHeader } from "~/components/event-page-header";
import { EntryForm } from "~/components/door-forms";
import { DoorList } from "~/components/door-list";
import { ErrorSummary, Field } from "~/components/form";
import { audienceGroups, checkinMethods } from "../../db/schema";
import type { AttendanceAction } from "~/lib/attendance-schema";
import {
  attendanceActionSchema,
  attendanceSearchSchema,
  entryKinds,
} from "~/lib/attendance-schema";
import { TIME_ZONE, formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { retentionPeriod } from "~/lib/retention";
import { useI18n } from "~/lib/use-i18n";
import doorStyles from "~/styles/door.css?url";

export const meta = pageTitle("attendance.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: doorStyles }];

const clock = (iso: string) =>
  new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const query = url.searchParams.get("q") ?? "";
  const search = attendanceSearchSchema.safeParse(query);
  const { hostPath, rows, ...list } = await listAttendance(db, {
    eventId: idParam(params.id),
    scopePath: user.unitPath,
    search: search.success ? search.data : null,
    proxyOnly: url.searchParams.get("proxy") === "1",
    page: idQuery(url.searchParams.get("page")) ?? 1,
  });
  const lang = await langOf(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
  const canEdit = eventCapabilities(user, hostPath).runDoor;
  const opened = url.searchParams.get("open");
  return {
    ...list,
    // Times are written here, on the server: a phone in another zone shows the event's.
    rows: rows.map((row) => ({
      ...row,
      clock: clock(row.at),
      when: formatDateTime(lang, row.at),
    })),
    query,
    retentionDays: env.RETENTION_DAYS,
    queryError: search.success ? undefined : search.error.issues[0]?.message,
    filtered: (search.success && search.data !== null) || url.searchParams.get("proxy") === "1",
    proxyOnly: url.searchParams.get("proxy") === "1",
    // The first tap on undo asks (?undo=<id>); only the answer's button deletes.
    confirmUndo: canEdit ? idQuery(url.searchParams.get("undo")) : null,
    // After an entry the form used stays unfolded for the next person in the queue.
    opened: opened === "walk_in" || opened === "assisted" ? opened : null,
    canEdit,
    loadedAt: Date.now(),
  };
}

async function perform(actor: Actor, eventId: number, input: AttendanceAction): Promise<Flash> {
  if (input.intent === "undo") {
    const { name } = await undoCheckIn(db, { actor, eventId, checkinId: input.checkinId });
    return { key: "attendance.undone", values: { name } };
  }
  const person = {
    name: input.name,
    phone: input.phone,
    villageId: input.villageId,
    employer: input.villageId === null ? input.employer : null,
    group: input.group,
  };
  const outcome = await staffCheckIn(db, {
    actor,
    eventId,
    method: input.intent,
    person,
  });
  if (outcome.status === "new" && outcome.sameName.length > 0) {
    const earlier = outcome.sameName
      .map((entry) => [entry.phone, clock(entry.at)].filter(Boolean).join(" "))
      .join(" / ");
    return { key: "attendance.addedSameName", values: { name: person.name, earlier } };
  }
  return outcome.status === "new"
    ? { key: "attendance.added", values: { name: person.name } }
    : { key: "attendance.alreadyIn", values: { name: person.name, time: clock(outcome.at) } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "organiser"]);
  const eventId = idParam(params.id);
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  const parsed = parseForm(form, attendanceActionSchema);
  if (!parsed.ok) return data({ ...parsed, intent }, 400);
  const result = await submit(form, () => perform(actorOf(user, context), eventId, parsed.data));
  if (!result.ok) return data({ ...result, intent }, 400);
  const next = parsed.data.intent === "undo" ? "" : `?open=${parsed.data.intent}`;
  return redirectWithFlash(`/events/${eventId}/attendance${next}`, result.value);
}

const REFRESH_MS = 5000;

/** With JavaScript, the list follows new check-ins by itself; without, it is a normal page. */
function useLiveList() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof loader>();
  const { load, state } = fetcher;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle")
        load(window.location.pathname + window.location.search);
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, state]);
  const fetched = fetcher.data;
  return fetched && fetched.loadedAt > loaded.loadedAt ? fetched : loaded;
}

/** The search form: a GET, so it works without JavaScript and the address can be shared. */
function SearchForm({
  query,
  error,
  filtered,
}: {
  query: string;
  error?: string;
  filtered: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form method="get" className="door-search" role="search">
      <Field name="q" label="attendance.search" error={error}>
        {(control) => (
          <div className="door-search-row">
            <input {...control} type="search" autoComplete="off" defaultValue={query} />
            <button type="submit" className="secondary">
              {t("attendance.searchButton")}
            </button>
          </div>
        )}
      </Field>
      {filtered || error ? (
        <p>
          <Link to="?">{t("attendance.searchClear")}</Link>
        </p>
      ) : null}
    </Form>
  );
}

export default function Attendance() {
  const { t } = useI18n();
  const list = useLiveList();
  const { event, rows, byGroup, byMethod, total, villages, canEdit, retentionDays } = list;
  const failed = useActionData<typeof action>();
  const undoErrors = failed?.intent === "undo" ? failed.errors : undefined;
  const notice = t("checkin.privacy", {
    collector: event.hostName,
    period: retentionPeriod(t, retentionDays),
  });
  const groups = audienceGroups.filter((group) => byGroup[group] > 0);
  // Only methods that occurred: an event nobody scanned at shows no row that can only read 0.
  const methods = checkinMethods.filter((method) => byMethod[method] > 0);
  // Each navigation (a success's redirect included) draws the entry forms afresh: the next
  // person starts from an empty form with consent unticked, never the last person's tick.
  const formKey = useLocation().key;
  return (
    <>
      <EventPageHeader
        heading="attendance.title"
        event={event}
        links={[
          { to: `/events/${event.id}`, label: "attendance.back" },
          {
            to: `/events/${event.id}/report`,
            label: canEdit ? "attendance.toReport" : "attendance.readReport",
          },
        ]}
      />

      {/* The count heads the page's work: the entry buttons and the list follow it. */}
      <section aria-labelledby="count">
        <h2 className="door-count" id="count" aria-live="polite">
          {list.filtered
            ? t("attendance.totalFiltered", { shown: list.matched, count: total })
            : t("attendance.total", { count: total })}
        </h2>

        {/* The counts and the exports sit below a long list: one tap away from the top. */}
        <p className="door-jumps">
          {canEdit ? (
            // A full page load: the scan page's own security policy lets its decoder run.
            <a className="button secondary" href={`/events/${event.id}/scan`}>
              {t("scan.link")}
            </a>
          ) : null}
          <a href="#counts">{t("attendance.jumpCounts")}</a>
          <a href="#export">{t("attendance.jumpExport")}</a>
        </p>
        {canEdit ? (
          <div className="door-entry" key={formKey}>
            {entryKinds.map((kind) => (
              <EntryForm
                key={kind}
                kind={kind}
                failed={failed?.intent === kind ? failed : undefined}
                open={list.opened === kind}
                villages={villages}
                defaultVillageId={event.villageId}
                notice={notice}
              />
            ))}
          </div>
        ) : (
          <p>{t("attendance.readOnly")}</p>
        )}
        <SearchForm query={list.query} error={list.queryError} filtered={list.filtered} />
        <ErrorSummary errors={undoErrors} labels={{}} />
        {list.proxyCount > 0 ? (
          <>
            <p className="hint">{t("attendance.proxyHint")}</p>
            <p>
              <Link to={list.proxyOnly ? "?" : "?proxy=1"}>
                {t(list.proxyOnly ? "attendance.proxyAll" : "attendance.proxyOnly")}
              </Link>
            </p>
          </>
        ) : null}
        {rows.some((row) => row.sharesPhone) ? (
          <p className="hint">{t("attendance.sharedPhoneHint")}</p>
        ) : null}
        {rows.length === 0 ? (
          <p>{t(list.filtered ? "attendance.noMatch" : "attendance.empty")}</p>
        ) : (
          <DoorList
            rows={rows}
            place={{ query: list.query, proxyOnly: list.proxyOnly, page: list.page }}
            pages={list.pages}
            canEdit={canEdit}
            confirmUndo={list.confirmUndo}
          />
        )}
        {canEdit && rows.length > 0 ? <p className="hint">{t("attendance.undoHint")}</p> : null}
        <p className="hint">{t("attendance.refreshNote")}</p>
        <p>
          <Link to={`/events/${event.id}/attendance`}>{t("attendance.refresh")}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="counts">
        <h2 id="counts">{t("attendance.counts")}</h2>
        {event.estimatedCrowd !== null ? (
          <p>{t("attendance.estimatedCrowd", { count: event.estimatedCrowd })}</p>
        ) : null}
        <div className="table-wrap">
          {groups.length > 0 ? (
            <table>
              <caption>{t("attendance.byGroup")}</caption>
              <tbody>
                {groups.map((group) => (
                  <tr key={group}>
                    <th scope="row">{t(`group.${group}`)}</th>
                    <td>{t("attendance.count", { count: byGroup[group] })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {methods.length > 0 ? (
            <table>
              <caption>{t("attendance.byMethod")}</caption>
              <tbody>
                {methods.map((method) => (
                  <tr key={method}>
                    <th scope="row">{t(`method.${method}`)}</th>
                    <td>{t("attendance.count", { count: byMethod[method] })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </section>

      <section className="card" aria-labelledby="export">
        <h2 id="export">{t("attendance.export")}</h2>
        <p className="hint">{t("attendance.exportNote")}</p>
        <p className="actions">
          <a className="button" href={`/events/${event.id}/export.csv`} download>
            {t("attendance.exportCsv")}
          </a>
          <a className="button" href={`/events/${event.id}/export.xlsx`} download>
            {t("attendance.exportXlsx")}
          </a>
        </p>
      </section>
    </>
  );
}
