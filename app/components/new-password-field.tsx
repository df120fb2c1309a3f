import { useEffect, useRef, useState } from "react";
import { Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { generatePassword } from "~/lib/password-generator";
import { useI18n } from "~/lib/use-i18n";

/**
 * A password an admin sets for someone else, with a button that generates a strong one in the
 * browser (crypto.getRandomValues), fills the field and shows it so the admin can pass it on.
 * Without JavaScript the button would do nothing, so it appears only once the page runs scripts.
 */
export function NewPasswordField({
  name,
  label,
  error,
  hint = "password.rules",
}: {
  name: string;
  label: MessageKey;
  error?: string;
  hint?: MessageKey;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [scripted, setScripted] = useState(false);
  const [generated, setGenerated] = useState(false);
  useEffect(() => setScripted(true), []);

  function generate() {
    const field = input.current;
    if (!field) return;
    // The policy refuses a password equal to the username: draw again in that (unlikely) case.
    const username = field.form?.elements.namedItem("username");
    const taken = username instanceof HTMLInputElement ? username.value.trim().toLowerCase() : "";
    let password = generatePassword((bytes) => crypto.getRandomValues(bytes));
    while (password.toLowerCase() === taken) {
      password = generatePassword((bytes) => crypto.getRandomValues(bytes));
    }
    field.value = password;
    setGenerated(true);
  }

  return (
    <Field name={name} label={label} hint={hint} error={error}>
      {(control) => (
        <>
          <input
            {...control}
            ref={input}
            type={generated ? "text" : "password"}
            autoComplete="new-password"
            autoCapitalize="none"
            spellCheck={false}
            className={generated ? "generated-password" : undefined}
          />
          {scripted ? (
            <>
              <button type="button" className="secondary generate-password" onClick={generate}>
                {t("password.generate")}
              </button>
              <p className="hint" aria-live="polite">
                {generated ? t("password.generated") : ""}
              </p>
            </>
          ) : null}
        </>
      )}
    </Field>
  );
}
