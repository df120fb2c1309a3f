import type { Message } from "./plural";
// Personal passes: issuing, revoking and printing the cards, and the organiser's scan page.

export const zh = {
  "pass.title": "个人签到证",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "pass.title": "Personal pass",
};
