// npm run bench:uploads: what each hostile roster file costs the server, and everyone else.
//
// Starts the production build on a fresh demo database (SQLite), logs in as the demo organiser
// and uploads, one at a time, each hostile file of tests/support/hostile-files.ts with bombs of
// 480 MB (the 940 KB file that once took 69 s and 3.5 GB) and the one only the worker's heap
// stops (a million style records), then two bombs at once and two of the latter, then a full
// roster (2,000 rows, XLSX and CSV) for comparison. For each: the time to the answer, the server
// process's resident memory before, after and at its peak (VmHWM, reset before each file through
// /proc/<pid>/clear_refs, and VmRSS sampled every 10 ms), and the latency of /healthz requested
// every 50 ms while the file is read. Traffic goes to 127.0.0.1 only.
// The last line is one JSON object with the figures.
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";
import { translator } from "../../app/lib/i18n";
import type { MessageKey } from "../../app/lib/i18n";
import { hostileFiles } from "../support/hostile-files";
import { Browser } from "../support/http";

const BOMB_BYTES = 480 * 1024 * 1024;

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });

/** A figure of /proc/<pid>/status in MB (VmRSS, VmHWM). */
function statusMb(pid: number, field: "VmRSS" | "VmHWM") {
  const line = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
    readFileSync(`/proc/${pid}/status`, "utf8"),
  );
  return line ? Number(line[1]) / 1024 : NaN;
}

/** Resets the peak (VmHWM) to the current RSS; false where the kernel or rights refuse. */
function resetPeak(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (value: number) => Math.round(value * 10) / 10;

type Upload = { name: string; fileName: string; bytes: Uint8Array; expect: string };

async function main() {
  const port = await freePort();
  const file = join(tmpdir(), `pufa-bench-uploads-${process.pid}.db`);
  // The server builds the app when its sources changed: without the VITEST flag this script runs
  // under (which turns the Remix plugin off).
  const { VITEST: _flag, ...env } = process.env;
  const server = spawn(process.execPath, ["bin/pufa.js", "serve"], {
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: file,
      PUFA_DEMO: "on",
      COOKIE_SECRET: "bench-uploads-cookie-secret-bench",
    },
    stdio: "ignore",
  });
  const pid = server.pid!;
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      const ok = await fetch(`${base}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      if (server.exitCode !== null || tries > 1_800) throw new Error("the server did not start");
      await new Promise((done) => setTimeout(done, 100));
    }
    // Two accounts: one caller holds one upload slot at a time, and a batch sends two at once.
    const sessions: string[] = [];
    for (const name of ["organiser", "admin"]) {
      const browser = new Browser(base);
      await browser.logIn(name);
      sessions.push(browser.cookie("pufa_session")!);
    }
    const zh = translator("zh-CN");

    const built = performance.now();
    const hostile = await hostileFiles(BOMB_BYTES, true);
    console.log(`hostile files built in ${round((performance.now() - built) / 1000)} s`);
    const uploads: Upload[] = hostile.map((f) => ({ ...f, expect: zh(f.refusal as MessageKey) }));

    const send = async (upload: Upload, index: number) => {
      const session = sessions[index % sessions.length];
      const body = new FormData();
      body.append("intent", "preview");
      body.append("file", new File([Buffer.from(upload.bytes)], upload.fileName));
      const started = performance.now();
      const response = await fetch(`${base}/learners/import`, {
        method: "POST",
        headers: { Cookie: `pufa_session=${session}`, Origin: base, "Accept-Language": "zh-CN" },
        body,
        redirect: "manual",
      });
      const page = await response.text();
      return {
        status: response.status,
        ms: performance.now() - started,
        answered: page.includes(upload.expect),
      };
    };

    /** Uploads the files at once while sampling memory and /healthz. */
    const measure = async (name: string, batch: Upload[]) => {
      // Let the last file's garbage settle, so "before" is this file's starting point.
      await new Promise((done) => setTimeout(done, 1_500));
      const peakReset = resetPeak(pid);
      const before = statusMb(pid, "VmRSS");
      let sampledPeak = before;
      const rss = setInterval(() => {
        sampledPeak = Math.max(sampledPeak, statusMb(pid, "VmRSS"));
      }, 10);
      const health: number[] = [];
      const failedHealth: number[] = [];
      let reading = true;
      const healthLoop = (async () => {
        do {
          const started = performance.now();
          const status = await fetch(`${base}/healthz`).then(
            (res) => res.status,
            () => 0,
          );
          health.push(performance.now() - started);
          if (status !== 200) failedHealth.push(status);
          await new Promise((done) => setTimeout(done, 50));
        } while (reading);
      })();
      const answers = await Promise.all(batch.map((upload, index) => send(upload, index)));
      reading = false;
      await healthLoop;
      clearInterval(rss);
      const after = statusMb(pid, "VmRSS");
      const peak = Math.max(sampledPeak, peakReset ? statusMb(pid, "VmHWM") : 0);
      const row = {
        file: name,
        bytes: batch.reduce((sum, upload) => sum + upload.bytes.length, 0),
        status: answers.map((a) => a.status).join("+"),
        message_ok: answers.every((a) => a.answered),
        answer_ms: Math.round(Math.max(...answers.map((a) => a.ms))),
        rss_before_mb: round(before),
        rss_after_mb: round(after),
        peak_growth_mb: round(peak - before),
        healthz_p50_ms: round(percentile(health, 50)),
        healthz_max_ms: round(Math.max(...health)),
        healthz_samples: health.length,
        healthz_failed: failedHealth.length,
      };
      console.log(
        `${name.padEnd(40)} ${row.status} ${row.message_ok ? "message ok" : "MESSAGE MISSING"}` +
          ` ${String(row.answer_ms).padStart(6)} ms  rss ${row.rss_before_mb}→${row.rss_after_mb} MB` +
          ` peak +${row.peak_growth_mb} MB  healthz p50 ${row.healthz_p50_ms} ms max ${row.healthz_max_ms} ms` +
          ` (${row.healthz_samples} samples${row.healthz_failed ? `, ${row.healthz_failed} failed` : ""})`,
      );
      return row;
    };

    const rows = [];
    for (const upload of uploads) rows.push(await measure(upload.name, [upload]));
    const bombs = uploads.filter((u) => /bomb, sizes lied|inline-string bomb/.test(u.name));
    rows.push(await measure("two bombs at once", bombs));
    // The worst two at once: both workers grow to their heap limit.
    const styles = uploads.find((u) => u.name === "a million styles")!;
    rows.push(await measure("two million-style files at once", [styles, styles]));

    // For comparison: a full roster, which is read and previewed (2,000 rows).
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名册");
    sheet.addRow(["姓名", "手机号", "村（社区）", "类别", "认定日期", "证书编号", "结对法律顾问"]);
    const lines = ["姓名,手机号,村（社区）,类别,认定日期,证书编号,结对法律顾问"];
    for (let i = 0; i < 2000; i++) {
      const phone = `139${String(i).padStart(8, "0")}`;
      sheet.addRow([`满额${i}`, phone, "舟山村", "调解员", "2024-03-01", `XS-${i}`, "王律师"]);
      lines.push(`满额${i},${phone},舟山村,调解员,2024-03-01,XS-${i},王律师`);
    }
    const summary = "共 2,000 行：新增 2,000 人，更新 0 人，有错误 0 行。";
    rows.push(
      await measure("full roster, 2,000 rows (XLSX)", [
        {
          name: "full roster",
          fileName: "full.xlsx",
          bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
          expect: summary,
        },
      ]),
    );
    rows.push(
      await measure("full roster, 2,000 rows (CSV)", [
        {
          name: "full roster",
          fileName: "full.csv",
          bytes: new Uint8Array(Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`)),
          expect: summary,
        },
      ]),
    );
    const stillUp = await fetch(`${base}/healthz`).then(
      (res) => res.status,
      () => 0,
    );
    console.log(
      JSON.stringify({
        bomb_bytes: BOMB_BYTES,
        server_alive: server.exitCode === null && stillUp === 200,
        rss_end_mb: round(statusMb(pid, "VmRSS")),
        files: rows,
      }),
    );
  } finally {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((done) => server.once("exit", done));
    }
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
}

await main();
