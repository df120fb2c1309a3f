import { data } from "@remix-run/node";
import type { MessageKey } from "~/lib/i18n";
import { parseRecordId } from "~/lib/record-id";

const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY: 429,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** An expected failure: a code for the HTTP status and a catalogue key the user may read. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly field?: string,
    readonly values?: Record<string, string | number>,
  ) {
    super(`${code}: ${messageKey}`);
  }
}

export type ErrorPayload = { code: ErrorCode; messageKey: MessageKey };

/** The one place an AppError becomes an HTTP response (thrown to the route's ErrorBoundary). */
export function toErrorResponse(error: AppError) {
  return data<ErrorPayload>(
    { code: error.code, messageKey: error.messageKey },
    { status: errorStatus[error.code] },
  );
}

/** Runs a loader or action body; expected failures become their HTTP status, others stay 500. */
export async function handle<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AppError) throw toErrorResponse(error);
    throw error;
  }
}

export const forbidden = () => new AppError("FORBIDDEN", "error.forbidden.body");
export const notFound = () => new AppError("NOT_FOUND", "error.notFound.body");

/**
 * A record id from the URL's path; anything but an id as the site writes it (plain decimal
 * digits, no leading zero, within the database's integer column) is a page that does not exist.
 */
export function idParam(value: string | undefined) {
  const id = parseRecordId(value);
  if (id === null) throw notFound();
  return id;
}

/**
 * A record id from the query string: null when absent or empty; any other value that is not an
 * id as the site writes it is a bad request (400), never a lookup.
 */
export function idQuery(value: string | null | undefined) {
  if (value == null || value === "") return null;
  const id = parseRecordId(value);
  if (id === null) throw new AppError("BAD_REQUEST", "error.badRequest.body");
  return id;
}

/**
 * The loader of a route that only takes form posts: a GET is answered 405 with the method it
 * allows (without a loader, Remix would answer 400 and log an error).
 */
export function postOnly(): never {
  throw new Response(null, { status: 405, headers: { Allow: "POST" } });
}
