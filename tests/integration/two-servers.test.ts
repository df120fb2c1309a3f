import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import type { RunningServer } from "../support/server";
import { startServers } from "../support/server";

// Two app servers on one database (npm run test:pg: one PostgreSQL), requests alternating between
// them as a load balancer sends them: nothing a request needs may live in one process.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let servers: RunningServer[];

const PER_IP = 3;
const PER_EVENT = 20;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  // Both trust one proxy, so each test gives its phones addresses of their own.
  const env = {
    TRUST_PROXY: "1",
    CHECKIN_LIMIT_PER_IP: String(PER_IP),
    CHECKIN_LIMIT_PER_EVENT: String(PER_EVENT),
  };
  servers = await startServers([1, 2].map(() => ({ databaseUrl: t.url, env })));
}, 120_000);
afterAll(async () => {
  await Promise.all((servers ?? []).map((server) => server.stop()));
  await t?.destroy();
});

/** One browser whose requests a load balancer spreads over the servers: one cookie jar for all. */
class BalancedBrowser {
  private cookies = new Map<string, string>();

  constructor(private readonly language = "zh-CN") {}

  snapshot() {
    const copy = new BalancedBrowser(this.language);
    copy.cookies = new Map(this.cookies);
    return copy;
  }

  async request(server: RunningServer, path: string, form?: Record<string, string>) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(server.baseUrl + path, {
      method: form ? "POST" : "GET",
      headers: {
        "Accept-Language": this.language,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(form ? { Origin: server.baseUrl } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") {
        this.cookies.delete(name);
      } else this.cookies.set(name, value);
    }
    return response;
  }
}

let lastAddress = 0;
/** An address of its own for a phone behind the trusted proxy. */
const newAddress = () => {
  lastAddress += 1;
  return `10.17.${Math.floor(lastAddress / 250)}.${(lastAddress % 250) + 1}`;
};

let lastPhone = 0;
const newPhone = () =>
  `139${String(process.pid % 1000).padStart(3, "0")}${String(++lastPhone).padStart(5, "0")}`;

function checkIn(
  server: RunningServer,
  code: string,
  person: { phone: string; name?: string; address: string },
) {
  return fetch(`${server.baseUrl}/c/${code}`, {
    method: "POST",
    headers: {
      Origin: server.baseUrl,
      "Accept-Language": "zh-CN",
      "X-Forwarded-For": person.address,
    },
    body: new URLSearchParams({
      intent: "checkin",
      name: person.name ?? "王芳",
      phone: person.phone,
      villageId: "",
      employer: "香山电子厂",
      group: "migrant_worker",
      consent: "on",
    }),
  });
}

const minuteNow = () => Math.floor(Date.now() / 60_000);

/**
 * Runs a sequence that must fall within one counting minute; when the minute turned during it
 * (the counts started again), runs it once more, in the new minute.
 */
async function withinOneMinute<T>(run: () => Promise<T>) {
  for (let attempt = 1; ; attempt++) {
    const started = minuteNow();
    const result = await run();
    if (minuteNow() === started || attempt === 2) return result;
  }
}

const serverOf = (i: number) => servers[i % 2] as RunningServer;

describe("staff sessions and flash messages", () => {
  it("a session made on one server is honoured by the other, and a log-out on it ends it on both", async () => {
    const browser = new BalancedBrowser();
    const [a, b] = [serverOf(0), serverOf(1)];
    const logIn = await browser.request(a, "/login", {
      username: "organiser",
      password: "pufa-demo-2026",
    });
    expect(logIn.status).toBe(302);
    for (const server of [b, a, b]) {
      const res = await browser.request(server, "/dashboard");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("司法所 王敏");
    }
    const before = browser.snapshot();
    expect((await browser.request(b, "/logout", {})).status).toBe(302);
    // The flash the log-out set on one server is read on the other.
    const home = await browser.request(a, "/");
    expect(await home.text()).toContain("已退出登录。");
    // The old session cookie, kept by someone, opens nothing on either server.
    for (const server of [a, b]) {
      const res = await before.request(server, "/dashboard");
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
  });

  it("the projector's count on one server includes check-ins taken by the other", async () => {
    const event = await openEvent(t.db);
    const organiser = new BalancedBrowser();
    expect(
      (
        await organiser.request(serverOf(0), "/login", {
          username: "organiser",
          password: "pufa-demo-2026",
        })
      ).status,
    ).toBe(302);
    for (let i = 0; i < 3; i++) {
      const res = await checkIn(serverOf(i), event.code, {
        phone: newPhone(),
        address: newAddress(),
      });
      expect(res.status).toBe(200);
    }
    for (const server of [serverOf(0), serverOf(1)]) {
      const live = await organiser.request(server, `/events/${event.id}/live`);
      expect(live.status).toBe(200);
      expect(((await live.json()) as { count: number }).count).toBe(3);
    }
  });
});

describe("check-in rate limits", () => {
  it("count one address across both servers: the limit is the deployment's, not each server's", async () => {
    const statuses = await withinOneMinute(async () => {
      const event = await openEvent(t.db);
      const address = newAddress();
      const answers: number[] = [];
      for (let i = 0; i < 2 * PER_IP; i++) {
        const res = await checkIn(serverOf(i), event.code, { phone: newPhone(), address });
        answers.push(res.status);
      }
      return answers;
    });
    expect(statuses).toEqual([...Array(PER_IP).fill(200), ...Array(PER_IP).fill(429)]);
  });

  it("count one event across both servers, and a flooding address uses up only its own", async () => {
    const { statuses, event } = await withinOneMinute(async () => {
      const event = await openEvent(t.db);
      const flood = newAddress();
      const answers: number[] = [];
      // One address far over its limit, on both servers: refused, and not counted for the event.
      for (let i = 0; i < 3 * PER_IP; i++) {
        await checkIn(serverOf(i), event.code, { phone: newPhone(), address: flood });
      }
      for (let i = 0; i < PER_EVENT + 4; i++) {
        const res = await checkIn(serverOf(i), event.code, {
          phone: newPhone(),
          address: newAddress(),
        });
        answers.push(res.status);
      }
      return { statuses: answers, event };
    });
    const taken = PER_EVENT - PER_IP;
    expect(statuses).toEqual([...Array(taken).fill(200), ...Array(PER_IP + 4).fill(429)]);
    const { n } = await t.db
      .selectFrom("checkin")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(PER_EVENT);
  });
});

describe("at the same moment on both servers", () => {
  it("the same phone and name: one row, one 签到成功, the rest 已签到", async () => {
    const event = await openEvent(t.db);
    const phone = newPhone();
    const answers = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const res = await checkIn(serverOf(i), event.code, {
          phone,
          name: "李 建国",
          address: newAddress(),
        });
        return { status: res.status, html: await res.text() };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    expect(answers.filter((a) => a.html.includes("签到成功"))).toHaveLength(1);
    expect(answers.filter((a) => a.html.includes("已签到"))).toHaveLength(15);
    const rows = await t.db
      .selectFrom("checkin")
      .innerJoin("person", "person.id", "checkin.person_id")
      .select(["checkin.id", "person.name"])
      .where("checkin.event_id", "=", event.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe("李 建国");
    const people = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .execute();
    expect(people).toHaveLength(1);
  });
});
