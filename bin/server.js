// The HTTP server around the Remix build: compression, static files, the Origin check, the
// client's address for the audit log, and the residents' check-in answered directly.
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CHECKIN_PATH = /^\/c\/([^/?#]*)\/?(?:\?(.*))?$/;
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Every state-changing request must come from our own pages: a foreign or opaque ("null")
 * Origin, or a cross-site fetch, is refused with a clear 403 instead of reaching an action.
 */
function isForeign(req, trustProxy) {
  if (SAFE_METHODS.has(req.method)) return false;
  if (req.headers["sec-fetch-site"] === "cross-site") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  const host = (trustProxy && req.headers["x-forwarded-host"]) || req.headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function clientIp(req, trustProxy) {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || req.socket.remoteAddress || null;
}

function send(req, res, { status, headers, body }) {
  const gzip = body.length > 1024 && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const bytes = gzip ? gzipSync(body) : Buffer.from(body);
  res.writeHead(status, {
    ...headers,
    "Content-Length": bytes.length,
    Vary: "Accept-Encoding, Accept-Language, Cookie",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : bytes);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(Object.assign(new Error("form too large"), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

/** A malformed escape (/c/%E0%A4) names no event: it is looked up as typed and answers 404. */
function decodeCode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** /c/<code>: the resident's page and check-in POST, without the Remix document pipeline. */
async function checkin(req, res, match, { app, trustProxy }) {
  const isPost = req.method === "POST";
  const form = isPost ? await readForm(req) : null;
  const response = await app.handleCheckin({
    method: isPost ? "POST" : "GET",
    path: `/c/${match[1]}`,
    code: decodeCode(match[1]),
    token: new URLSearchParams(match[2] ?? "").get("t"),
    cookie: req.headers.cookie ?? null,
    acceptLanguage: req.headers["accept-language"] ?? null,
    form,
    clientIp: clientIp(req, trustProxy),
  });
  send(req, res, response);
}

export function createServer({ build, app, root }) {
  const trustProxy = ["1", "true", "on"].includes(process.env.TRUST_PROXY ?? "");
  const refusal = (req) =>
    app.renderRefusal({
      acceptLanguage: req.headers["accept-language"] ?? null,
      title: "error.forbidden.title",
      body: "error.badOrigin.body",
    });

  const web = express();
  web.disable("x-powered-by");
  if (trustProxy) web.set("trust proxy", true);
  web.use(compression());
  web.use(
    "/assets",
    express.static(join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }),
  );
  web.use(express.static(join(root, "build/client"), { maxAge: "1h" }));
  web.use((req, res, next) =>
    isForeign(req, trustProxy) ? res.status(403).type("html").send(refusal(req)) : next(),
  );
  web.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req) => ({ clientIp: clientIp(req, trustProxy) }),
    }),
  );

  return createHttpServer((req, res) => {
    const match = CHECKIN_PATH.exec(req.url ?? "");
    if (!match || !["GET", "HEAD", "POST"].includes(req.method ?? "")) return web(req, res);
    if (isForeign(req, trustProxy)) {
      return send(req, res, {
        status: 403,
        headers: { "Content-Type": "text/html; charset=utf-8" },
        body: refusal(req),
      });
    }
    checkin(req, res, match, { app, trustProxy }).catch((error) => {
      if (error.status !== 413) console.error(error);
      if (!res.headersSent) {
        res.writeHead(error.status ?? 500, { "Content-Type": "text/plain; charset=utf-8" }).end();
      }
    });
  });
}
