import type { ReactNode } from "react";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

function useMessage() {
  const { t } = useI18n();
  return (key: string | undefined) =>
    key ? t(isMessageKey(key) ? key : "form.invalidChoice") : "";
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors?: FieldErrors;
  labels: Record<string, MessageKey>;
}) {
  const { t } = useI18n();
  const message = useMessage();
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>{t("form.errorSummary", { count: entries.length })}</p>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            {labels[field] ? <a href={`#${field}`}>{t(labels[field])}</a> : null}
            {labels[field] ? t("common.colon") : null}
            {message(key)}
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: MessageKey;
  error?: string;
  hint?: MessageKey;
  children?: (props: {
    id: string;
    name: string;
    "aria-invalid": boolean | undefined;
    "aria-describedby": string | undefined;
  }) => ReactNode;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "children">;

/** A labelled input (or any control given as children) with its hint and error beside it. */
export function Field({ name, label, error, hint, children, ...input }: FieldProps) {
  const { t } = useI18n();
  const message = useMessage();
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const control = {
    id: name,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div className={error ? "field field-error" : "field"}>
      <label htmlFor={name}>{t(label)}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {t(hint)}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={errorId}>
          {message(error)}
        </p>
      ) : null}
      {children ? children(control) : <input {...input} {...control} />}
    </div>
  );
}
