/**
 * The interface's words. Chinese is the source; English must have every key (the typecheck fails
 * otherwise). Placeholders are {name}; numbers and dates go through Intl, never by hand.
 */
import * as checkin from "./messages/checkin";
import * as attendance from "./messages/attendance";
import * as core from "./messages/core";
import * as events from "./messages/events";
import * as poster from "./messages/poster";
import * as roster from "./messages/roster";
import * as passes from "./messages/passes";
import * as records from "./messages/records";
import * as study from "./messages/study";
import * as reach from "./messages/reach";
import * as units from "./messages/units";
import * as admin from "./messages/admin";
import * as accounts from "./messages/accounts";
import * as publicPages from "./messages/public";
import * as edge from "./messages/edge";
import * as publish from "./messages/publish";
import * as privacy from "./messages/privacy";
import * as resident from "./messages/resident";
import * as person from "./messages/person";
import * as people from "./messages/people";
import * as documents from "./messages/documents";
import * as ledger from "./messages/ledger";
import * as door from "./messages/door";
import * as photos from "./messages/photos";
import type { Message } from "./messages/plural";
import { TIME_ZONE } from "./time";

export { TIME_ZONE, formatDateTime } from "./time";

// Each feature keeps its words in app/lib/messages/<feature>.ts as a Chinese object and an English
// record of the same keys; they are joined here.
const zh = {
  ...core.zh,
  ...events.zh,
  ...checkin.zh,
  ...poster.zh,
  ...attendance.zh,
  ...roster.zh,
  ...passes.zh,
  ...records.zh,
  ...study.zh,
  ...reach.zh,
  ...units.zh,
  ...admin.zh,
  ...accounts.zh,
  ...publicPages.zh,
  ...edge.zh,
  ...publish.zh,
  ...privacy.zh,
  ...resident.zh,
  ...person.zh,
  ...people.zh,
  ...documents.zh,
  ...ledger.zh,
  ...door.zh,
  ...photos.zh,
};
const en: Record<MessageKey, Message> = {
  ...core.en,
  ...events.en,
  ...checkin.en,
  ...poster.en,
  ...attendance.en,
  ...roster.en,
  ...passes.en,
  ...records.en,
  ...study.en,
  ...reach.en,
  ...units.en,
  ...admin.en,
  ...accounts.en,
  ...publicPages.en,
  ...edge.en,
  ...publish.en,
  ...privacy.en,
  ...resident.en,
  ...person.en,
  ...people.en,
  ...documents.en,
  ...ledger.en,
  ...door.en,
  ...photos.en,
};

export type MessageKey = keyof typeof zh;

const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = "zh-CN";

const catalogues: Record<Lang, Record<MessageKey, Message>> = { "zh-CN": zh, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const messageKeys = Object.keys(zh) as MessageKey[];

export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

/** Creating Intl formatters is costly: one of each per language and set of options, kept. */
const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function numberFormat(lang: Lang) {
  const key = `number:${lang}`;
  let format = formatterCache.get(key) as Intl.NumberFormat | undefined;
  if (!format) formatterCache.set(key, (format = new Intl.NumberFormat(lang)));
  return format;
}

/** A number as the reader writes it (12,345 in both languages; grouping by Intl). */
export function formatNumber(lang: Lang, value: number) {
  return numberFormat(lang).format(value);
}

export function dateTimeFormat(lang: Lang, options: Intl.DateTimeFormatOptions) {
  const key = `date:${lang}:${JSON.stringify(options)}`;
  let format = formatterCache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, ...options });
    formatterCache.set(key, format);
  }
  return format;
}

const translators = new Map<Lang, Translate>();

export function translator(lang: Lang): Translate {
  let translate = translators.get(lang);
  if (!translate) translators.set(lang, (translate = makeTranslator(lang)));
  return translate;
}

/**
 * A message with variants picks one by the plural category of its `count` ("1 entry", "2
 * entries"); Chinese has one form and keeps plain strings.
 */
function makeTranslator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  const numbers = numberFormat(lang);
  const plurals = new Intl.PluralRules(lang);
  const variant = (message: Message, count: unknown) => {
    if (typeof message === "string") return message;
    const category = typeof count === "number" ? plurals.select(count) : "other";
    return message[category] ?? message.other;
  };
  return (key, values) =>
    variant(catalogue[key], values?.count).replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values?.[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
}

/** Picks zh-CN or en from an Accept-Language header, by the order and weights it gives. */
export function langFromAcceptLanguage(header: string | null): Lang {
  if (!header) return defaultLang;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return defaultLang;
}

/** A name stored in Chinese with an optional English one (a campaign's): the reader's, or Chinese. */
export function localName(lang: Lang, name: string, nameEn: string | null | undefined) {
  return lang === "en" && nameEn ? nameEn : name;
}

export function parseLang(value: string | null | undefined): Lang | null {
  return languages.find((lang) => lang === value) ?? null;
}
