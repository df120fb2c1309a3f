/**
 * A catalogue value: one text, or (for a count) one text per plural category of the language,
 * as Intl.PluralRules names them; `other` is always there. Chinese needs only plain strings.
 */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
