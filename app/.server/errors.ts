import { data } from "@remix-run/node";
import { describeError, isDatabaseUnavailable } from "../../db/connect";
import type { Lang, MessageKey } from "~/lib/i18n";
import { parseRecordId } from "~/lib/record-id";
import { getLang } from "./request";

const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY: 429,
  UNAVAILABLE: 503,
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

/**
 * What an error page learns of its error. `lang` comes with a 503: the root loader failed too, so
 * the page cannot read the reader's language from it.
 */
export type ErrorPayload = { code: ErrorCode; messageKey: MessageKey; lang?: Lang };

/** The one place an AppError becomes an HTTP response (thrown to the route's ErrorBoundary). */
export function toErrorResponse(error: AppError) {
  return data<ErrorPayload>(
    { code: error.code, messageKey: error.messageKey },
    { status: errorStatus[error.code] },
  );
}

type RouteFunction = (args: { request: Request }) => unknown;

/**
 * A route module whose loader and action answer expected failures with their HTTP status and an
 * unreachable database with 503; any other error stays a 500. The server build applies it to
 * every route (vite/domain-errors.ts), so no route can forget it.
 */
export function withDomainErrors<Module extends Record<string, unknown>>(module: Module): Module {
  const wrapped: Record<string, unknown> = { ...module };
  for (const name of ["loader", "action"] as const) {
    const run = module[name];
    if (typeof run === "function") wrapped[name] = answeringDomainErrors(run as RouteFunction);
  }
  return wrapped as Module;
}

function answeringDomainErrors(run: RouteFunction): RouteFunction {
  return async (args) => {
    try {
      return await run(args);
    } catch (error) {
      throw await answerFor(error, args.request);
    }
  };
}

/** What a loader or action throws instead of the error it met. */
async function answerFor(error: unknown, request: Request): Promise<unknown> {
  if (error instanceof AppError) return toErrorResponse(error);
  if (isDatabaseUnavailable(error)) return unavailable(request, error);
  return error;
}

/** While the database is away every request fails: the log says so once in this many ms. */
const LOG_EVERY_MS = 5_000;
let lastLogged = 0;

/** The database is away: the log says why, once in LOG_EVERY_MS however many requests fail. */
export function noteUnavailable(error: unknown) {
  if (Date.now() - lastLogged < LOG_EVERY_MS) return;
  lastLogged = Date.now();
  console.error(`Database unavailable, answering 503: ${describeError(error)}`);
}

/** The database is away: every page says so in the reader's language, and the log says why. */
async function unavailable(request: Request, error: unknown) {
  noteUnavailable(error);
  return data<ErrorPayload>(
    { code: "UNAVAILABLE", messageKey: "error.unavailable.body", lang: await getLang(request) },
    { status: errorStatus.UNAVAILABLE },
  );
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
