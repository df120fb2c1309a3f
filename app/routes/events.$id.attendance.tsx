import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
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
import { handle, idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import type { Flash } from "~/.server/request";
import { redirectWithFlash } from "~/.server/request";
import { EventPageHeader } from "~/components/event-page-header";
import { ErrorSummary, Field } from "~/components/form";
import { audienceGroups, checkinMethods } from "../../db/schema";
import type { AttendanceAction } from "~/lib/attendance-schema";
import { attendanceActionSchema } from "~/lib/attendance-schema";
import { RETENTION_YEARS } from "~/lib/checkin-window";
import { TIME_ZONE, formatDateTime, isMessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("attendance.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handle(async () => {
    const list = await listAttendance(db, {
      eventId: idParam(params.id),
      scopePath: user.unitPath,
    });
    return { ...list, canEdit: user.role !== "official", loadedAt: Date.now() };
  });
}

const clock = (iso: string) =>
  new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

async function perform(actor: Actor, eventId: number, input: AttendanceAction): Promise<Flash> {
  if (input.intent === "undo") {
    const { name } = await undoCheckIn(db, { actor, eventId, checkinId: input.checkinId });
    return { key: "attendance.undone", values: { name } };
  }
  const walkIn = input.intent === "walk_in";
  const person = walkIn
    ? {
        name: input.name,
        phone: input.phone,
        villageId: input.villageId,
        employer: input.villageId === null ? input.employer : null,
        group: input.group,
      }
    : {
        name: input.assistedName,
        phone: null,
        villageId: input.assistedVillageId,
        employer: null,
        group: input.assistedGroup,
      };
  const outcome = await staffCheckIn(db, {
    actor,
    eventId,
    method: walkIn ? "walk_in" : "assisted",
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

/** The assisted form names its fields apart from the walk-in form's; errors follow the names. */
function assistedErrors(errors: FieldErrors): FieldErrors {
  const renamed: FieldErrors = {};
  for (const [field, key] of Object.entries(errors)) {
    renamed[field === "villageId" ? "assistedVillageId" : field] = key;
  }
  return renamed;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "organiser"]);
  return handle(async () => {
    const eventId = idParam(params.id);
    const form = await readForm(request);
    const intent = String(form.get("intent"));
    const parsed = parseForm(form, attendanceActionSchema);
    if (!parsed.ok) return data({ ...parsed, intent }, 400);
    const result = await submit(form, () => perform(actorOf(user, context), eventId, parsed.data));
    if (!result.ok) {
      const errors = intent === "assisted" ? assistedErrors(result.errors) : result.errors;
      return data({ ...result, errors, intent }, 400);
    }
    return redirectWithFlash(`/events/${eventId}/attendance`, result.value);
  });
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
        load(window.location.pathname);
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, state]);
  const fetched = fetcher.data;
  return fetched && fetched.loadedAt > loaded.loadedAt ? fetched : loaded;
}

type Villages = { id: number; name: string }[];

function VillageOptions({ villages }: { villages: Villages }) {
  const { t } = useI18n();
  return (
    <>
      <option value="">{t("attendance.villageNone")}</option>
      {villages.map((village) => (
        <option key={village.id} value={village.id}>
          {village.name}
        </option>
      ))}
    </>
  );
}

function GroupOptions() {
  const { t } = useI18n();
  return (
    <>
      {audienceGroups.map((group) => (
        <option key={group} value={group}>
          {t(`group.${group}`)}
        </option>
      ))}
    </>
  );
}

/** The privacy notice the staff member reads out, and the tick that says the person agreed. */
function ConsentBox({
  name,
  notice,
  error,
  checked,
}: {
  name: string;
  notice: string;
  error?: string;
  checked: boolean;
}) {
  const { t } = useI18n();
  const noticeId = `${name}-notice`;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={error ? "field field-error" : "field"}>
      <h3>{t("attendance.noticeTitle")}</h3>
      <p className="hint" id={noticeId}>
        {notice}
      </p>
      {error ? (
        <p className="error" id={errorId}>
          {t(isMessageKey(error) ? error : "form.invalidChoice")}
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          id={name}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={[noticeId, errorId].filter(Boolean).join(" ")}
          defaultChecked={checked}
        />{" "}
        {t("attendance.consent")}
      </label>
    </div>
  );
}

export default function Attendance() {
  const { t, lang } = useI18n();
  const list = useLiveList();
  const { event, rows, byGroup, byMethod, total, villages, canEdit } = list;
  const failed = useActionData<typeof action>();
  const walkIn = failed?.intent === "walk_in" ? failed : undefined;
  const assisted = failed?.intent === "assisted" ? failed : undefined;
  const undoErrors = failed?.intent === "undo" ? failed.errors : undefined;
  const notice = t("checkin.privacy", { collector: event.hostName, years: RETENTION_YEARS });
  const groups = audienceGroups.filter((group) => byGroup[group] > 0);
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
          { to: `/events/${event.id}/report`, label: "attendance.toReport" },
        ]}
      />

      <section className="card" aria-labelledby="counts">
        <h2 id="counts">{t("attendance.total", { count: total })}</h2>
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

      {canEdit ? (
        <>
          <section className="card" aria-labelledby="walk-in">
            <h2 id="walk-in">{t("attendance.walkIn")}</h2>
            <p className="hint">{t("attendance.walkInHint")}</p>
            <ErrorSummary
              errors={walkIn?.errors}
              labels={{
                name: "attendance.name",
                phone: "attendance.phone",
                villageId: "attendance.village",
                employer: "attendance.employer",
                group: "attendance.group",
                consent: "attendance.consent",
              }}
            />
            <Form method="post" noValidate key={formKey}>
              <input type="hidden" name="intent" value="walk_in" />
              <Field
                name="name"
                label="attendance.name"
                autoComplete="off"
                defaultValue={walkIn?.values.name}
                error={walkIn?.errors.name}
              />
              <Field
                name="phone"
                label="attendance.phone"
                type="tel"
                inputMode="numeric"
                autoComplete="off"
                defaultValue={walkIn?.values.phone}
                error={walkIn?.errors.phone}
              />
              <Field name="villageId" label="attendance.village" error={walkIn?.errors.villageId}>
                {(control) => (
                  <select {...control} defaultValue={walkIn?.values.villageId ?? ""}>
                    <VillageOptions villages={villages} />
                  </select>
                )}
              </Field>
              <Field
                name="employer"
                label="attendance.employer"
                defaultValue={walkIn?.values.employer}
                error={walkIn?.errors.employer}
              />
              <Field name="group" label="attendance.group" error={walkIn?.errors.group}>
                {(control) => (
                  <select {...control} defaultValue={walkIn?.values.group ?? "villager"}>
                    <GroupOptions />
                  </select>
                )}
              </Field>
              <ConsentBox
                name="consent"
                notice={notice}
                error={walkIn?.errors.consent}
                checked={walkIn?.values.consent === "on"}
              />
              <button type="submit">{t("attendance.add")}</button>
            </Form>
          </section>

          <section className="card" aria-labelledby="assisted">
            <h2 id="assisted">{t("attendance.assisted")}</h2>
            <p className="hint">{t("attendance.assistedHint")}</p>
            <ErrorSummary
              errors={assisted?.errors}
              labels={{
                assistedName: "attendance.name",
                assistedVillageId: "attendance.village",
                assistedGroup: "attendance.group",
                assistedConsent: "attendance.consent",
              }}
            />
            <Form method="post" noValidate key={formKey}>
              <input type="hidden" name="intent" value="assisted" />
              <Field
                name="assistedName"
                label="attendance.name"
                autoComplete="off"
                defaultValue={assisted?.values.assistedName}
                error={assisted?.errors.assistedName}
              />
              <Field
                name="assistedVillageId"
                label="attendance.village"
                error={assisted?.errors.assistedVillageId}
              >
                {(control) => (
                  <select {...control} defaultValue={assisted?.values.assistedVillageId ?? ""}>
                    <VillageOptions villages={villages} />
                  </select>
                )}
              </Field>
              <Field
                name="assistedGroup"
                label="attendance.group"
                error={assisted?.errors.assistedGroup}
              >
                {(control) => (
                  <select {...control} defaultValue={assisted?.values.assistedGroup ?? "elderly"}>
                    <GroupOptions />
                  </select>
                )}
              </Field>
              <ConsentBox
                name="assistedConsent"
                notice={notice}
                error={assisted?.errors.assistedConsent}
                checked={assisted?.values.assistedConsent === "on"}
              />
              <button type="submit">{t("attendance.add")}</button>
            </Form>
          </section>
        </>
      ) : (
        <p>{t("attendance.readOnly")}</p>
      )}

      <section aria-labelledby="list">
        <h2 id="list">{t("attendance.list")}</h2>
        <p className="hint">{t("attendance.refreshNote")}</p>
        <p>
          <Link to={`/events/${event.id}/attendance`}>{t("attendance.refresh")}</Link>
        </p>
        <ErrorSummary errors={undoErrors} labels={{}} />
        {canEdit && rows.length > 0 ? <p className="hint">{t("attendance.undoHint")}</p> : null}
        {rows.some((row) => row.sharesPhone) ? (
          <p className="hint">{t("attendance.sharedPhoneHint")}</p>
        ) : null}
        {rows.length === 0 ? (
          <p>{t("attendance.empty")}</p>
        ) : (
          <ol className="tree" aria-label={t("attendance.list")}>
            {rows.map((row) => (
              <li key={row.id}>
                <strong>{row.name}</strong> {row.phone}
                {row.sharesPhone ? (
                  <>
                    {" "}
                    <span className="tag">{t("attendance.sharedPhone")}</span>
                  </>
                ) : null}
                <br />
                {[row.place, t(`group.${row.group}`)].filter(Boolean).join(" · ")}
                <br />
                {formatDateTime(lang, row.at)} · {t(`method.${row.method}`)} ·{" "}
                {t("common.labelled", {
                  label: t("attendance.col.recordedBy"),
                  value: row.recordedBy ?? t("attendance.bySelf"),
                })}
                {canEdit ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="undo" />
                    <input type="hidden" name="checkinId" value={row.id} />
                    <button type="submit" className="secondary">
                      {t("attendance.undo", { name: row.name })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
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
