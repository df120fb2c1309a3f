import type { ReactNode } from "react";
import { Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";

/**
 * Who a person is, as the roster and the cadre forms both ask it: name, phone, and the village
 * or unit that lists them. Each form names the fields in its own words and offers its own units.
 */
export function PersonFields({
  values,
  errors,
  words,
  unit,
}: {
  values: Record<string, string>;
  errors?: FieldErrors;
  words: { name: MessageKey; nameHint?: MessageKey; phone: MessageKey; phoneHint?: MessageKey };
  /** The unit's field: its name in the form, its label and its options. */
  unit: { name: string; label: MessageKey; options: ReactNode };
}) {
  return (
    <>
      <Field
        name="name"
        label={words.name}
        hint={words.nameHint}
        defaultValue={values.name}
        error={errors?.name}
        maxLength={40}
        autoComplete="off"
        required
      />
      <Field
        name="phone"
        label={words.phone}
        hint={words.phoneHint}
        // A phone may be typed with +86, spaces or dashes: the keypad offers them.
        type="tel"
        inputMode="tel"
        defaultValue={values.phone}
        error={errors?.phone}
        autoComplete="off"
        required
      />
      <Field name={unit.name} label={unit.label} error={errors?.[unit.name]}>
        {(control) => (
          <select {...control} defaultValue={values[unit.name] ?? ""} required>
            {unit.options}
          </select>
        )}
      </Field>
    </>
  );
}
