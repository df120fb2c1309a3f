import type { Message } from "./plural";
// The roster of 法律明白人: list, profile form, retiring, coverage against floor and target,
// import and export, and the office's targets.

export const zh = {
  "roster.title": "法律明白人",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "roster.title": "Legal-savvy persons",
};
