import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { CheckinResponse } from "../checkin/handler";
import { handleCheckin } from "../checkin/handler";
import type { BodyRules } from "./body";
import { readBody } from "./body";

/** `/c/<code>`, with a query string or a trailing slash: the resident's check-in. */
export const CHECKIN_PATH = /^\/c\/([^/?#]*)\/?(?:\?(.*))?$/;

/** Over HTTPS every cookie is Secure, whichever code set it. */
export function secureCookies(cookies: string[], https: boolean) {
  return https ? cookies.map((c) => (/;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`)) : cookies;
}

function send(req: IncomingMessage, res: ServerResponse, https: boolean, answer: CheckinResponse) {
  const { status, headers, cookies, body } = answer;
  const gzip = body.length > 1024 && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const bytes = gzip ? gzipSync(body) : Buffer.from(body);
  if (cookies.length > 0) res.setHeader("Set-Cookie", secureCookies(cookies, https));
  res.writeHead(status, {
    ...headers,
    "Content-Length": bytes.length,
    Vary: "Accept-Encoding, Accept-Language, Cookie",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : bytes);
}

/** The resident's page and check-in POST, without the Remix document pipeline. */
export async function answerCheckin(
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  edge: { https: boolean; body: BodyRules; clientIp: string | null },
) {
  const isPost = req.method === "POST";
  const form = isPost ? new URLSearchParams((await readBody(req, edge.body)).toString()) : null;
  const raw = match[1] ?? "";
  let code: string;
  try {
    code = decodeURIComponent(raw);
  } catch {
    code = "";
  }
  const answer = await handleCheckin({
    method: isPost ? "POST" : "GET",
    path: `/c/${raw}`,
    code,
    token: new URLSearchParams(match[2] ?? "").get("t"),
    cookie: req.headers.cookie ?? null,
    acceptLanguage: req.headers["accept-language"] ?? null,
    form,
    clientIp: edge.clientIp,
  });
  send(req, res, edge.https, answer);
}
