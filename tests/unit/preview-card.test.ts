import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../app/.server/previews/card";
import { cachedCard, cardSvg, drawCard, wrapText } from "../../app/.server/previews/card";

// A card's Chinese text is drawn with a real font, not as boxes: the same card drawn by a process
// whose fontconfig refuses every Chinese font (pango then draws each character as a box with its
// code in it) must look different, while a process with the server's fonts draws it exactly alike.

const CARD: Card = {
  kicker: "普法活动 · 法治讲座",
  title: "民法典进村讲座",
  lines: ["2030年3月15日 周五 14:00–16:00", "村委会二楼会议室（渔帆村）"],
  footer: "普法",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pufa-fonts-"));
  await writeFile(
    join(dir, "no-chinese.conf"),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <cachedir>${dir}/cache</cachedir>
  <selectfont><rejectfont><pattern>
    <patelt name="lang"><string>zh-cn</string></patelt>
  </pattern></rejectfont></selectfont>
</fontconfig>`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The SVG drawn to raw pixels by another Node process, with the given environment. */
function drawElsewhere(svg: string, env: Record<string, string>) {
  const script = `import sharp from "sharp";
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
process.stdout.write(await sharp(Buffer.concat(chunks)).raw().toBuffer());`;
  return new Promise<Buffer>((done, fail) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done(Buffer.concat(out)) : fail(new Error(`exit ${code}`)),
    );
    child.stdin.end(svg);
  });
}

const differing = (a: Buffer, b: Buffer) => {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
};

describe("a preview card", () => {
  it("is a 1200×630 PNG", async () => {
    const png = await drawCard(CARD);
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
  });

  it("draws its Chinese text with a Chinese font (install fonts-wqy-zenhei if this fails)", async () => {
    const svg = cardSvg(CARD);
    const here = await sharp(Buffer.from(svg)).raw().toBuffer();
    const sameFonts = await drawElsewhere(svg, {});
    const noChinese = await drawElsewhere(svg, {
      FONTCONFIG_FILE: join(dir, "no-chinese.conf"),
    });
    expect(sameFonts.length).toBe(here.length);
    expect(differing(sameFonts, here)).toBe(0);
    expect(differing(noChinese, here)).toBeGreaterThan(5000);
  }, 30_000);

  it("escapes what it writes into the SVG", () => {
    const svg = cardSvg({ ...CARD, title: `</text><script>x</script> & "q"` });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;/text&gt;&lt;script&gt;x&lt;/script&gt;");
    expect(svg).toContain("&amp;");
    expect(svg).toContain("&quot;q&quot;");
  });

  it("draws each card once, however often it is asked", async () => {
    let built = 0;
    const build = () => {
      built++;
      return CARD;
    };
    const key = `test:${Date.now()}`;
    const [a, b] = await Promise.all([cachedCard(key, build), cachedCard(key, build)]);
    await cachedCard(key, build);
    expect(built).toBe(1);
    expect(a).toBe(b);
  });
});

describe("wrapping a title", () => {
  it("breaks Chinese anywhere and English at spaces, within the width", () => {
    expect(wrapText("一二三四五六七八九十", 10, 40, 5)).toEqual(["一二三四", "五六七八", "九十"]);
    expect(wrapText("civil code talk", 10, 40, 5)).toEqual(["civil", "code", "talk"]);
  });

  it("ends the last line it keeps with an ellipsis", () => {
    expect(wrapText("一二三四五六七八九十", 10, 40, 2)).toEqual(["一二三四", "五六七…"]);
  });
});
