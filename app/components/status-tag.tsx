import type { DisplayedStatus } from "~/lib/event-status";
import { useI18n } from "~/lib/use-i18n";

/** An event's displayed status; 进行中 stands out, it is the one that needs someone at the door. */
export function StatusTag({ status }: { status: DisplayedStatus }) {
  const { t } = useI18n();
  return (
    <span className={status === "running" ? "tag tag-running" : "tag"}>
      {t(`status.${status}`)}
    </span>
  );
}
