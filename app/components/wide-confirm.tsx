import { useI18n } from "~/lib/use-i18n";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";

/**
 * The tick an admin gives when an organiser or official is placed at the district, so that a
 * select left at the top never hands someone the whole district unnoticed.
 */
export function WideConfirm({
  label,
  error,
  checked,
}: {
  label: MessageKey;
  error?: string;
  checked?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={error ? "field field-error" : "field"}>
      <p className="hint" id="wideConfirmed-hint">
        {t("accounts.wideConfirmHint")}
      </p>
      {error ? (
        <p className="error" id="wideConfirmed-error">
          {t(isMessageKey(error) ? error : "form.invalidChoice")}
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          id="wideConfirmed"
          name="wideConfirmed"
          value="1"
          defaultChecked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={["wideConfirmed-hint", error ? "wideConfirmed-error" : null]
            .filter(Boolean)
            .join(" ")}
        />{" "}
        {t(label)}
      </label>
    </div>
  );
}
