import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import {
  backPath,
  UPLOAD_TYPE,
  bodyRules,
  clientAddress,
  isForeign,
  requestId,
  requestOrigin,
  routedPath,
  securityHeaders,
} from "~/.server/http-edge";

/** A path's limit for a form with files (the body an upload path reads as an upload). */
const bodyLimit = (path: string) => bodyRules(routedPath(path)!, UPLOAD_TYPE).bytes;

// The edge's decisions under the default settings: no trusted proxy, 64 KB bodies.

const req = (headers: IncomingHttpHeaders, method = "POST") => ({
  method,
  headers,
  socket: { remoteAddress: "203.0.113.9" } as never,
});

describe("the edge, trusting no proxy", () => {
  it("takes the connection's address and ignores X-Forwarded-*", () => {
    const forged = req({
      host: "pufa.test:3000",
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
    });
    expect(clientAddress(forged)).toBe("203.0.113.9");
    expect(requestOrigin(forged)).toEqual({ https: false, origin: "http://pufa.test:3000" });
  });

  it("makes its own request id whatever X-Request-Id the client sends", () => {
    const first = requestId(req({ host: "pufa.test", "x-request-id": "chosen-by-client" }));
    const second = requestId(req({ host: "pufa.test", "x-request-id": "chosen-by-client" }));
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toMatch(/^[0-9a-f]{16}$/);
    expect(first).not.toBe(second);
  });

  it("refuses a Host that is not a host", () => {
    for (const host of [undefined, "", "a/b", "user@pufa.test", "a b", "x\\y"]) {
      expect(requestOrigin(req({ host }))).toBeNull();
    }
  });

  it("accepts only an Origin of the same scheme, host and port", () => {
    const post = (origin?: string) => isForeign(req({ host: "pufa.test:3000", origin }));
    expect(post(undefined)).toBe(false);
    expect(post("http://pufa.test:3000")).toBe(false);
    expect(post("https://pufa.test:3000")).toBe(true);
    expect(post("http://pufa.test:3001")).toBe(true);
    expect(post("http://pufa.test")).toBe(true);
    expect(post("null")).toBe(true);
    expect(post("garbage")).toBe(true);
    expect(isForeign(req({ host: "pufa.test", origin: "http://evil.example" }, "GET"))).toBe(false);
    expect(isForeign(req({ host: "pufa.test", "sec-fetch-site": "cross-site" }))).toBe(true);
  });

  it("leads back only to a page of this site", () => {
    const host = "pufa.test:3000";
    expect(backPath(req({ host, referer: "http://pufa.test:3000/events/new?x=1" }))).toBe(
      "/events/new?x=1",
    );
    expect(backPath(req({ host, referer: "http://evil.example/events" }))).toBeNull();
    // A path of this origin that a browser would read as another host.
    expect(backPath(req({ host, referer: "http://pufa.test:3000//evil.example" }))).toBeNull();
    expect(backPath(req({ host, referer: "http://pufa.test:3000/\\evil.example" }))).toBeNull();
    expect(backPath(req({ host }))).toBeNull();
  });

  it("gives the resident's form 16 KB and every other path 64 KB", () => {
    expect(bodyLimit("/c/abc123")).toBe(16 * 1024);
    expect(bodyLimit("/login")).toBe(64 * 1024);
    expect(bodyLimit("/events/new")).toBe(64 * 1024);
  });

  it("lets the scan page alone compile WebAssembly (its QR decoder)", () => {
    const policy = (path: string) =>
      securityHeaders({ nonce: "n", https: false, path })["Content-Security-Policy"];
    expect(policy("/events/12/scan")).toContain("script-src 'self' 'nonce-n' 'wasm-unsafe-eval';");
    for (const path of ["/", "/events/12", "/events/12/attendance", "/c/abcdefgh", "/scan"]) {
      expect(policy(path), path).toContain("script-src 'self' 'nonce-n';");
    }
    expect(securityHeaders({ nonce: "n", https: false })["Content-Security-Policy"]).not.toContain(
      "wasm",
    );
  });

  it("gives the roster import 1 MB for its uploaded file", () => {
    expect(bodyLimit("/learners/import")).toBe(1024 * 1024);
    expect(bodyLimit("/learners/new")).toBe(64 * 1024);
    // The offline door's queue: up to 256 KB, at its own address only.
    expect(bodyLimit("/events/12/door-sync")).toBe(256 * 1024);
    expect(bodyLimit("/events/12/door-sync/x")).toBe(64 * 1024);
    expect(bodyLimit("/events/12/door.json")).toBe(64 * 1024);
    expect(bodyLimit("/learners/importer")).toBe(64 * 1024);
    // The router matches without regard to case or escaped letters; so does the limit.
    expect(bodyLimit("/Learners/%69mport/")).toBe(1024 * 1024);
  });

  it("refuses a path the router would read differently from how it is written", () => {
    for (const path of [
      "/learners/import/%2e%2e/%2e%2e/login",
      "/learners/import/../../login",
      "/learners/import/%2E./login",
      "/learners/import/./x",
      "/learners/import%2f..%2flogin",
      "/learners/import\\..\\login",
      "/learners//import",
    ]) {
      expect(routedPath(path), path).toBeNull();
    }
    expect(routedPath("/events/12/")).toBe("/events/12/");
    expect(routedPath("/c/%E0%A4")).toBe("/c/%e0%a4");
  });

  it("cuts a form after 30 s and an upload after 60 s, and a stall after 10 s", () => {
    expect(bodyRules("/login", undefined)).toEqual({
      bytes: 64 * 1024,
      idleMs: 10_000,
      totalMs: 30_000,
      upload: false,
    });
    expect(bodyRules("/learners/import", UPLOAD_TYPE).totalMs).toBe(60_000);
  });

  it("reads only a multipart body to an upload path as an upload; its other forms are ordinary", () => {
    const ordinary = bodyRules("/login", undefined);
    for (const path of [
      "/events/12/report",
      "/study/sessions/41.data",
      "/duties/7",
      "/learners/import",
    ]) {
      expect(bodyRules(path, "multipart/form-data; boundary=x").upload, path).toBe(true);
      expect(bodyRules(path, "Multipart/Form-Data;boundary=x").upload, path).toBe(true);
      expect(bodyRules(path, "application/x-www-form-urlencoded"), path).toEqual(ordinary);
      expect(bodyRules(path, "text/plain;charset=UTF-8"), path).toEqual(ordinary);
      expect(bodyRules(path, "multipart/mixed; boundary=x"), path).toEqual(ordinary);
      expect(bodyRules(path, undefined), path).toEqual(ordinary);
    }
    // Paths with their own limit and no upload keep it, whatever the type.
    expect(bodyRules("/c/abcdefgh", undefined).bytes).toBe(16 * 1024);
    expect(bodyRules("/events/12/door-sync", "application/json").bytes).toBe(256 * 1024);
  });

  it("gives a form's single-fetch address (what a page with scripts posts to) its route's rules", () => {
    expect(bodyRules(routedPath("/learners/import.data")!, UPLOAD_TYPE)).toEqual(
      bodyRules(routedPath("/learners/import")!, UPLOAD_TYPE),
    );
    expect(bodyLimit("/learners/import.data")).toBe(1024 * 1024);
    expect(bodyLimit("/learners/importer.data")).toBe(64 * 1024);
    expect(bodyLimit("/c/abcdefgh.data")).toBe(16 * 1024);
  });

  it("sends HSTS over HTTPS only", () => {
    expect(securityHeaders({ nonce: "n", https: true })["Strict-Transport-Security"]).toBe(
      "max-age=31536000",
    );
    expect(securityHeaders({ nonce: "n", https: false })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
  });
});
