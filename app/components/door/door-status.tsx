import { formatClock } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import type { DoorProblem } from "./types";
import type { DoorStatus } from "./use-offline-door";

/** The one line that says where the door stands: online, offline with N waiting, sending... */
export function DoorStatusLine({ status, eventId }: { status: DoorStatus; eventId: number }) {
  const { t } = useI18n();
  const count = status.waiting;
  let line: string;
  let tone = "door-state-ok";
  if (status.login) {
    line = t("door.login", { count });
    tone = "door-state-warn";
  } else if (status.syncing || (status.online && count > 0)) {
    line = t("door.syncing", { count });
  } else if (!status.online) {
    line = t("door.offlineWaiting", { count });
    tone = "door-state-warn";
  } else {
    line = t(status.sent ? "door.allSent" : "door.online");
  }
  return (
    <div className={`door-state ${tone}`} data-testid="door-state">
      <p role="status" data-waiting={count}>
        {line}
        {status.login ? (
          <>
            {" "}
            <a href={`/login?next=${encodeURIComponent(`/events/${eventId}/scan`)}`}>
              {t("door.loginLink")}
            </a>
          </>
        ) : null}
      </p>
      <p className="hint">
        {status.list
          ? t("door.ready", {
              time: formatClock(status.list.refreshedAt),
              count: status.list.passes,
            })
          : t("door.notReady")}
        {status.installed ? ` ${t("door.installed")}` : null}
      </p>
    </div>
  );
}

/** Items the server refused, each with its reason, until the organiser dismisses it. */
export function DoorProblems({
  problems,
  onDismiss,
}: {
  problems: DoorProblem[];
  onDismiss: (id: string) => void;
}) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="door-problems" className="card">
      <h2 id="door-problems">{t("door.problems")}</h2>
      <p className="hint">{t("door.problemsHint")}</p>
      <ul className="door-problems">
        {problems.map((problem) => (
          <li key={problem.id}>
            <span>
              {problem.clock} {problem.name || t("door.itemWalkIn")}
              {problem.phone ? ` ${problem.phone}` : null}
              {t("common.colon")}
              {t(`door.reason.${problem.reason}`, { time: problem.since ?? "" })}
            </span>{" "}
            <button type="button" className="secondary" onClick={() => onDismiss(problem.id)}>
              {t("door.dismiss")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
