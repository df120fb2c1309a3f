import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { attendanceEvent, villagesOfEventArea } from "~/.server/attendance/event";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { env } from "~/.server/env";
import { idParam } from "~/.server/errors";
import { parseForm, readForm } from "~/.server/forms";
import { isScanOpen, scanEvent, scanPass } from "~/.server/passes/scan";
import { rolesFor } from "~/.server/scope";
import { DoorProblems, DoorStatusLine } from "~/components/door/door-status";
import type { OfflineAnswer } from "~/components/door/types";
import { useOfflineDoor } from "~/components/door/use-offline-door";
import { ScanCamera } from "~/components/scan/camera";
import { PassCode } from "~/components/scan/pass-code";
import { signal } from "~/components/scan/feedback";
import { DOOR_THEME, doorManifestPath } from "~/lib/door";
import type { Lang } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import { formatClock } from "~/lib/time";
import { pageTitle } from "~/lib/meta";
import type { FieldErrors } from "~/lib/schemas";
import { retentionPeriod } from "~/lib/retention";
import { scanActionSchema } from "~/lib/pass-schema";
import { useI18n } from "~/lib/use-i18n";
import doorStyles from "~/styles/door.css?url";
import scanStyles from "~/styles/scan.css?url";

/**
 * The door installs from here only (its manifest, in the reader's language): the resident's
 * pages stay as small as they were.
 */
export const meta: MetaFunction<typeof loader> = (args) => {
  const title = pageTitle("scan.title")(args);
  if (args.error || !args.data) return title;
  const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
  return [
    ...title,
    { tagName: "link", rel: "manifest", href: doorManifestPath(args.data.id, root?.lang ?? "") },
    { name: "theme-color", content: DOOR_THEME },
  ];
};

// The walk-in form and its rules load after the page, with the offline door: the scan itself
// needs neither, and a phone at the door on one bar of signal gets the field first.
const loadEntryForm = () => import("~/components/door-forms");
const EntryForm = lazy(() => loadEntryForm().then((module) => ({ default: module.EntryForm })));

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: doorStyles },
  { rel: "stylesheet", href: scanStyles },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageEvents);
  const event = await scanEvent(db, { id: idParam(params.id), actor: actorOf(user, context) });
  // The walk-in form of the offline door: the villages and the notice as the door page has them.
  const area = await attendanceEvent(db, { id: event.id, scopePath: user.unitPath });
  const villages = await villagesOfEventArea(db, area);
  return {
    id: event.id,
    title: event.title,
    venue: event.venue,
    open: isScanOpen(event),
    passesOnly: event.passes_only === 1,
    // The account the offline queue is kept and sent under.
    account: user.id,
    villages,
    villageId: area.village_id,
    hostName: area.host_name,
    retentionDays: env.RETENTION_DAYS,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageEvents);
  const eventId = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, scanActionSchema);
  if (!parsed.ok) return data({ ...parsed, answer: null, seq: Date.now() }, 400);
  const answer = await scanPass(db, {
    actor: actorOf(user, context),
    eventId,
    text: parsed.data.code,
  });
  return {
    ok: true as const,
    // Each answer is new, even the same one twice: it sounds and shows again.
    seq: Date.now(),
    // What was typed or read goes back with its answer: a red line shows what went wrong.
    // The holder's id stays on the server: the page needs the name and the time.
    answer: {
      ...("personId" in answer ? { kind: answer.kind, name: answer.name, at: answer.at } : answer),
      text: parsed.data.code,
      time: "at" in answer ? formatClock(answer.at) : null,
    },
  };
}

// A scan changes nothing the page loaded: no reload after each one, the queue moves faster.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === "POST" ? false : defaultShouldRevalidate);

/** How many answers the list of recent scans keeps. */
const RECENT = 8;

type ActionData = Awaited<ReturnType<typeof action>>;
type OnlineAnswer = NonNullable<Extract<ActionData, { ok: true }>["answer"]>;
/** An answer from the server, or one decided on the device without a signal. */
type Answer = OnlineAnswer | (OfflineAnswer & { offline: true });

/** The answer, large: green with the name, or red with its own words. */
function AnswerPanel({ answer }: { answer: Answer }) {
  const { t } = useI18n();
  const ok = answer.kind === "new";
  const name = "name" in answer ? answer.name : "";
  const time = answer.time ?? "";
  return (
    <div className={`scan-answer ${ok ? "scan-ok" : "scan-no"}`} data-kind={answer.kind}>
      <p className="scan-answer-title">{t(`scan.answer.${answer.kind}`, { name })}</p>
      <p>{t(`scan.answer.${answer.kind}Body`, { name, time })}</p>
      {"offline" in answer ? <p>{t("door.offlineAnswer")}</p> : null}
    </div>
  );
}

export default function ScanPage() {
  const { t } = useI18n();
  const event = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>({ key: "scan" });
  const field = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const door = useOfflineDoor(event.account, event.id, loadEntryForm);

  // Sound once per answer; the last few stay listed, so the door sees who just passed.
  const heard = useRef(0);
  const [recent, setRecent] = useState<{ seq: number; answer: Answer }[]>([]);
  const show = (seq: number, answer: Answer) => {
    heard.current = seq;
    signal(answer.kind === "new");
    setRecent((list) => [{ seq, answer }, ...list].slice(0, RECENT));
  };
  useEffect(() => {
    const latest = fetcher.data;
    if (!latest?.answer || latest.seq === heard.current) return;
    show(latest.seq, latest.answer);
  }, [fetcher.data]);
  // Without JavaScript the answer comes with the page; with it, the newest of the list.
  const latest = recent[0] ?? (posted?.answer ? { seq: posted.seq, answer: posted.answer } : null);

  const send = (code: string) => {
    // Without a signal the device decides, by the list it keeps, and queues the check-in.
    if (hydrated && !navigator.onLine) {
      void door.scan(code).then((answer) => show(Date.now(), { ...answer, offline: true }));
      return;
    }
    fetcher.submit({ intent: "scan", code }, { method: "post" });
  };
  const result = fetcher.data ?? posted;
  const error = result && !result.ok ? result.errors.code : undefined;

  const [walkInErrors, setWalkInErrors] = useState<FieldErrors | undefined>();
  const [walkInValues, setWalkInValues] = useState<Record<string, string>>({});
  const [walkInNote, setWalkInNote] = useState<{ key: number; name: string } | null>(null);
  const [walkInForm, setWalkInForm] = useState(0);
  const takeWalkIn = (form: HTMLFormElement) => {
    const data = new FormData(form);
    void door.walkIn(data).then((outcome) => {
      if (outcome.ok) {
        setWalkInErrors(undefined);
        setWalkInValues({});
        setWalkInNote({ key: Date.now(), name: outcome.name });
        // A fresh form for the next person: consent unticked, nothing of the last one.
        setWalkInForm((key) => key + 1);
      } else {
        setWalkInErrors(outcome.errors);
        setWalkInValues(
          Object.fromEntries(
            [...data].flatMap(([name, value]) =>
              typeof value === "string" ? [[name, value]] : [],
            ),
          ),
        );
      }
    });
  };
  const notice = t("checkin.privacy", {
    collector: event.hostName,
    period: retentionPeriod(t, event.retentionDays),
  });

  return (
    <>
      <p>
        <a href={`/events/${event.id}/attendance`}>{t("scan.back")}</a>
      </p>
      <h1 className="scan-heading">
        {t("scan.title")} · {event.title}
      </h1>
      {event.open ? null : <p className="scan-note">{t("scan.closedNote")}</p>}
      {event.passesOnly ? <p className="hint">{t("scan.passesOnlyNote")}</p> : null}
      <div className="scan-live" role="status" aria-live="assertive">
        {latest ? <AnswerPanel key={latest.seq} answer={latest.answer} /> : null}
      </div>
      {/* Above the field: on a phone the camera is the way in, so its button is on the first
          screen; a keyboard-wedge scanner types into the field wherever it is. */}
      {hydrated ? <ScanCamera onCode={send} /> : null}
      <Form
        method="post"
        className="scan-form"
        onSubmit={(submitEvent) => {
          submitEvent.preventDefault();
          const input = field.current!;
          if (input.value.trim()) send(input.value);
          input.value = "";
          input.focus();
        }}
      >
        <input type="hidden" name="intent" value="scan" />
        <div className={error ? "field field-error" : "field"}>
          <label htmlFor="code">{t("scan.code")}</label>
          <p className="hint" id="code-hint">
            {t("scan.codeHint")}
          </p>
          {error ? (
            <p className="error" id="code-error">
              {t(isMessageKey(error) ? error : "scan.codeRequired")}
            </p>
          ) : null}
          <input
            ref={field}
            id="code"
            name="code"
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "code-hint code-error" : "code-hint"}
          />
        </div>
        <button type="submit">{t("scan.submit")}</button>
      </Form>
      {/* Below the field: the camera's button stays on a phone's first screen. */}
      {hydrated ? <DoorStatusLine status={door.status} eventId={event.id} /> : null}
      {recent.length > 0 ? (
        <section aria-labelledby="recent">
          <h2 id="recent">{t("scan.recent")}</h2>
          <ol className="scan-recent">
            {recent.map(({ seq, answer }) => (
              <li key={seq} className={answer.kind === "new" ? "scan-recent-ok" : undefined}>
                {answer.time ? `${answer.time} ` : ""}
                {"name" in answer && answer.name ? null : (
                  <>
                    <PassCode className="scan-recent-code" text={answer.text} />{" "}
                  </>
                )}
                {t(`scan.answer.${answer.kind}`, { name: "name" in answer ? answer.name : "" })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {/* The walk-in form works without a signal: it is checked here and queued with the scans. */}
      {hydrated ? (
        <div className="door-entry">
          <p className="scan-live" role="status">
            {walkInNote ? t("door.walkInQueued", { name: walkInNote.name }) : null}
          </p>
          <Suspense fallback={null}>
            <EntryForm
              key={walkInForm}
              kind="walk_in"
              heading="door.walkInTitle"
              failed={walkInErrors ? { errors: walkInErrors, values: walkInValues } : undefined}
              open={walkInForm > 0}
              villages={event.villages}
              defaultVillageId={event.villageId}
              notice={notice}
              onSubmit={takeWalkIn}
            />
          </Suspense>
        </div>
      ) : null}
      {hydrated ? <DoorProblems problems={door.status.problems} onDismiss={door.dismiss} /> : null}
    </>
  );
}
