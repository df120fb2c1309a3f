import type { Message } from "./plural";
// Study records: training hours, the duty ledger (履职台账), personal links and the yearly record.

export const zh = {
  "duty.title": "履职台账",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "duty.title": "Duty ledger",
};
