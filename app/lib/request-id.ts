import { createContext, useContext, useState } from "react";

/** The id of the request that drew this page (X-Request-Id); only the server knows it. */
export const RequestIdContext = createContext<string | undefined>(undefined);

/** Where the page carries its request's id, for the browser to take over at hydration. */
export const REQUEST_ID_ATTRIBUTE = "data-request-id";

/** Whether the browser has taken the served page's id: a later error is not that request's. */
let takenFromPage = false;

function idOfServedPage() {
  if (typeof document === "undefined" || takenFromPage) return undefined;
  takenFromPage = true;
  return document.querySelector(`[${REQUEST_ID_ATTRIBUTE}]`)?.getAttribute(REQUEST_ID_ATTRIBUTE);
}

/**
 * The request id an error page shows for the user to quote. The server renders it from the
 * request; the browser keeps the one in the page it was sent (so hydration draws the same text)
 * and knows none for an error met after that, on a page it drew itself.
 */
export function useRequestId() {
  const fromServer = useContext(RequestIdContext);
  const [id] = useState(() => fromServer ?? idOfServedPage() ?? undefined);
  return id;
}
