import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { MessageKey } from "~/lib/i18n";
import { isDatabaseUnavailable } from "../../../db/connect";
import { env } from "../env";
import { noteUnavailable } from "../errors";
import { markStopping } from "../health";
import {
  backPath,
  bodyRules,
  clientAddress,
  isForeign,
  newNonce,
  requestId as requestIdOf,
  requestOrigin,
  routedPath,
  securityHeaders,
} from "../http-edge";
import { renderRefusal } from "../refusal";
import { Busy, TooLarge, TooSlow, leaveUnread } from "./body";
import { CHECKIN_PATH, answerCheckin } from "./checkin";
import type { Log } from "./log";
import { processLog } from "./log";
import type { RemixEdge } from "./remix";
import { remixHandler } from "./remix";

// The HTTP server around the Remix build, the security edge of the product. Before any route
// runs it decides (with the functions of ../http-edge.ts): who the client is (through trusted
// proxies only), the request's id, the security headers, which path the router will see, whether
// the body is small and quick enough (read here, under a size and a time limit, before anything
// else sees it), and whether a state-changing request comes from our own pages. Then it answers
// the resident's check-in directly, static files through Express, and the rest through Remix,
// and logs every request once, whoever answered it.

/** What the edge settled about a request, for Express's handlers after it. */
const edges = new WeakMap<IncomingMessage, RemixEdge>();

export type EdgeServer = {
  server: ReturnType<typeof createHttpServer>;
  /**
   * Stops taking connections and lets the requests in flight finish: every answer from now on
   * closes its connection, and idle connections are closed at once. Resolves when none is left.
   */
  drain: () => Promise<void>;
};

export function createServer(input: {
  build: ServerBuild;
  /** The folder holding build/client. */
  root: string;
  /** Where the request lines go; standard output by default. */
  log?: Log;
}): EdgeServer {
  const { build, root } = input;
  const log = input.log ?? processLog();
  let draining = false;

  const refuse = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    title: MessageKey,
    body: MessageKey,
    /** The body is left unread (an upload refused while others are read), as for 413 and 408. */
    leftUnread = false,
  ) => {
    const unread = leftUnread || status === 413 || status === 408;
    if (unread) leaveUnread(req);
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      ...(unread ? { Connection: "close" } : {}),
    });
    res.end(
      renderRefusal({
        acceptLanguage: req.headers["accept-language"] ?? null,
        title,
        body,
        back: unread ? backPath(req) : null,
        requestId: String(res.getHeader("X-Request-Id")),
      }),
    );
  };
  const failed = (req: IncomingMessage, res: ServerResponse) => (error: unknown) => {
    if (res.headersSent) return void res.destroy();
    if (error instanceof TooLarge) {
      return refuse(req, res, 413, "error.tooLarge.title", "error.tooLarge.body");
    }
    if (error instanceof TooSlow) {
      return refuse(req, res, 408, "error.timeout.title", "error.timeout.body");
    }
    if (error instanceof Busy) {
      res.setHeader("Retry-After", "5");
      return refuse(req, res, 503, "error.busy.title", "error.busy.body", true);
    }
    // The resident's check-in, answered here, says what every page says while the database is away.
    if (isDatabaseUnavailable(error)) {
      noteUnavailable(error);
      return refuse(req, res, 503, "error.unavailable.title", "error.unavailable.body");
    }
    log.error({ requestId: res.getHeader("X-Request-Id"), err: error }, "unexpected error");
    refuse(req, res, 500, "error.server.title", "error.server.body");
  };

  const remix = remixHandler(build, env.NODE_ENV);
  const web = express();
  web.disable("x-powered-by");
  web.use(compression());
  web.use(
    "/assets",
    express.static(join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }),
  );
  web.use(express.static(join(root, "build/client"), { maxAge: "1h" }));
  web.all("*", (req, res) => {
    remix(req, res, edges.get(req)!).catch(failed(req, res));
  });

  const server = createHttpServer((req, res) => {
    const started = performance.now();
    const received = Date.now();
    const id = requestIdOf(req);
    res.setHeader("X-Request-Id", id);
    if (draining) res.shouldKeepAlive = false;
    res.once("close", () => {
      log.info(
        {
          requestId: id,
          method: req.method,
          path: req.url?.split("?")[0],
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
      // Its connection may be idle now: a draining server lets it go.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });

    const origin = requestOrigin(req);
    const nonce = newNonce();
    const headers = securityHeaders({
      nonce,
      https: origin?.https ?? false,
      path: req.url?.split("?")[0] ?? "",
    });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Only a path may follow the method: never an absolute URL, never a Host we cannot read.
    if (!origin || !req.url?.startsWith("/")) {
      return refuse(req, res, 400, "error.badRequest.title", "error.badRequest.body");
    }
    // The limits are those of the path the router will match, not of the text before it is read:
    // `/learners/import/%2e%2e/%2e%2e/login` is /login to Remix, and gets no upload's limit.
    const path = routedPath(req.url.split(/[?#]/)[0]!);
    if (path === null) {
      return refuse(req, res, 400, "error.badRequest.title", "error.badRequest.body");
    }
    const rules = bodyRules(path, req.headers["content-type"]);
    // Refused before a byte of it is read.
    if (Number(req.headers["content-length"] ?? 0) > rules.bytes) {
      return refuse(req, res, 413, "error.tooLarge.title", "error.tooLarge.body");
    }
    if (isForeign(req)) {
      return refuse(req, res, 403, "error.forbidden.title", "error.badOrigin.body");
    }
    const edge: RemixEdge = {
      origin: origin.origin,
      https: origin.https,
      nonce,
      requestId: id,
      body: { bytes: rules.bytes, idleMs: rules.idleMs, deadline: received + rules.totalMs },
      clientIp: clientAddress(req),
      upload: rules.upload,
    };
    const match = CHECKIN_PATH.exec(req.url);
    if (match && ["GET", "HEAD", "POST"].includes(req.method ?? "")) {
      answerCheckin(req, res, match, edge).catch(failed(req, res));
      return;
    }
    edges.set(req, edge);
    web(req, res);
  });

  const drain = () =>
    new Promise<void>((done) => {
      draining = true;
      markStopping();
      server.close(() => done());
      server.closeIdleConnections();
    });
  return { server, drain };
}
