import type { Message } from "./plural";
// What the HTTP edge and the error pages add: the request's id, for a user to quote.

export const zh = {
  "error.requestId": "请求编号 {id}",
};

export const en: Record<keyof typeof zh, Message> = {
  "error.requestId": "Request ID {id}",
};
