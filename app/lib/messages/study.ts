import type { Message } from "./plural";
// Cadre law study: cadres, study sessions, the yearly plan and 述法 records.

export const zh = {
  "study.title": "干部学法",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "study.title": "Cadre law study",
};
