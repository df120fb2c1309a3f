import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Debian's nginx serving the deployment recipe's file (deploy/nginx/pufa.conf) as written, with
// only its names, addresses and paths replaced: for the deployment test and bench:scale.

export const NGINX = "/usr/sbin/nginx";
export const NGINX_HOST = "pufa.example.org";

const TEMP_DIRS = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"];

async function freePort() {
  return new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * deploy/nginx/pufa.conf with one upstream line per app port (each with the file's own
 * parameters), listening on 127.0.0.1 only, with the given certificate and checkout.
 */
export function renderNginxConfig(input: {
  appPorts: number[];
  httpPort: number;
  httpsPort: number;
  dir: string;
}) {
  const source = readFileSync("deploy/nginx/pufa.conf", "utf8");
  const upstream = /^(\s*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n/gm;
  const first = upstream.exec(source);
  if (!first) throw new Error("deploy/nginx/pufa.conf has no upstream server line");
  const lines = input.appPorts
    .map((port) => `${first[1]}server 127.0.0.1:${port}${first[2] ?? ""};\n`)
    .join("");
  let text = source.replace(upstream, (_line, _indent, _params, offset: number) =>
    offset === first.index ? lines : "",
  );
  text = text.replace(/^\s*listen \[::\]:.*\n/gm, "");
  const replacements: [string, string][] = [
    ["listen 80;", `listen 127.0.0.1:${input.httpPort};`],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${input.httpsPort} ssl http2;`],
    ["/etc/ssl/pufa/fullchain.pem", join(input.dir, "cert.pem")],
    ["/etc/ssl/pufa/privkey.pem", join(input.dir, "key.pem")],
    ["/srv/pufa/", `${resolve(".")}/`],
  ];
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`deploy/nginx/pufa.conf no longer has "${from}"`);
    text = text.replaceAll(from, to);
  }
  return text;
}

export type RunningNginx = {
  httpsPort: number;
  httpPort: number;
  /** The self-signed certificate of pufa.example.org, for the client to trust. */
  cert: string;
  /** The nginx master process: its workers are its children. */
  pid: number;
  stop: () => Promise<void>;
};

/** nginx in front of the app servers on these ports, until stop(). */
export async function startNginx(appPorts: number[]): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), "pufa-nginx-"));
  const made = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    `/CN=${NGINX_HOST}`,
    "-addext",
    `subjectAltName=DNS:${NGINX_HOST}`,
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    join(dir, "cert.pem"),
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  const httpsPort = await freePort();
  const httpPort = await freePort();
  for (const temp of TEMP_DIRS) mkdirSync(join(dir, temp));
  writeFileSync(join(dir, "pufa.conf"), renderNginxConfig({ appPorts, httpPort, httpsPort, dir }));
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      // As root (CI), the workers stay root to read this private directory.
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      "daemon off;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 1024; }",
      "http {",
      "  include /etc/nginx/mime.types;",
      "  access_log off;",
      ...TEMP_DIRS.map((temp) => `  ${temp}_temp_path ${join(dir, temp)};`),
      `  include ${join(dir, "pufa.conf")};`,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const log = () =>
    existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "";
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${log()}`);
    const listening = await new Promise<boolean>((done) => {
      const probe = connect(httpsPort, "127.0.0.1", () => {
        probe.destroy();
        done(true);
      });
      probe.once("error", () => done(false));
    });
    if (listening) break;
    if (tries > 100) throw new Error(`nginx did not start:\n${log()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    httpsPort,
    httpPort,
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
