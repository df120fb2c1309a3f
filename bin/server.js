// The HTTP server around the Remix build: compression, static files, the Origin check, the
// client's address for the audit log.
import { join } from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function createServer({ build, app, root }) {
  const trustProxy = ["1", "true", "on"].includes(process.env.TRUST_PROXY ?? "");
  const server = express();
  server.disable("x-powered-by");
  if (trustProxy) server.set("trust proxy", true);
  server.use(compression());
  server.use(
    "/assets",
    express.static(join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }),
  );
  server.use(express.static(join(root, "build/client"), { maxAge: "1h" }));

  // Every state-changing request must come from our own pages: a foreign or opaque ("null")
  // Origin, or a cross-site fetch, gets a clear 403 instead of reaching an action.
  server.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const host = (trustProxy && req.get("x-forwarded-host")) || req.get("host");
    let foreign = req.get("sec-fetch-site") === "cross-site";
    if (origin !== undefined) {
      try {
        foreign ||= new URL(origin).host !== host;
      } catch {
        foreign = true;
      }
    }
    if (!foreign) return next();
    res
      .status(403)
      .type("html")
      .send(
        app.renderRefusal({
          acceptLanguage: req.get("accept-language") ?? null,
          title: "error.forbidden.title",
          body: "error.badOrigin.body",
        }),
      );
  });

  server.all(
    "*",
    createRequestHandler({ build, getLoadContext: (req) => ({ clientIp: req.ip ?? null }) }),
  );
  return server;
}
