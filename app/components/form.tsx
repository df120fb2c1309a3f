import type { MouseEvent, ReactNode } from "react";
import { useEffect, useRef } from "react";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

function useMessage() {
  const { t } = useI18n();
  return (key: string | undefined) =>
    key ? t(isMessageKey(key) ? key : "form.invalidChoice") : "";
}

/** Follows a summary's link to its field and puts the cursor in it, not only the page there. */
function focusField(event: MouseEvent<HTMLAnchorElement>, field: string) {
  const target = document.getElementById(field);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: "center" });
}

/**
 * The list of problems at the top of a form, each linking to its field. A refused form must not
 * look like nothing happened: the summary takes the focus (and so the scroll, and a screen
 * reader's voice) each time new errors arrive. Without JavaScript the server's page carries
 * `autofocus`, so the browser lands on it too.
 */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors?: FieldErrors;
  labels: Record<string, MessageKey>;
}) {
  const { t } = useI18n();
  const message = useMessage();
  const summary = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  const shown = entries.length > 0;
  // Each refused submit answers a new errors object: focus again even if the list looks the same.
  useEffect(() => {
    if (!shown || !summary.current) return;
    summary.current.focus();
    summary.current.scrollIntoView({ block: "start" });
  }, [errors, shown]);
  if (!shown) return null;
  return (
    <div ref={summary} className="error-summary" role="alert" tabIndex={-1} autoFocus>
      <p>{t("form.errorSummary", { count: entries.length })}</p>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            {labels[field] ? (
              <a href={`#${field}`} onClick={(event) => focusField(event, field)}>
                {t(labels[field])}
              </a>
            ) : null}
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
