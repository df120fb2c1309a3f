import type { ReactNode } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/** One labelled fact of an event, inside a <dl>. */
export function EventDetailRow({ label, children }: { label: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <dt className="detail-label">{t(label)}</dt>
      <dd>{children}</dd>
    </>
  );
}
