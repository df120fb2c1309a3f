/** A tiny cookie-keeping client for real HTTP requests against a running server. */
export class Browser {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly language = "zh-CN,zh;q=0.9",
  ) {}

  private store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "")
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { "Accept-Language": this.language, ...(cookie ? { Cookie: cookie } : {}), ...extra };
  }

  async get(path: string) {
    const response = await fetch(this.baseUrl + path, {
      headers: this.headers(),
      redirect: "manual",
    });
    this.store(response);
    return response;
  }

  /** Fields as a record, or as pairs when a name repeats (checkboxes). */
  async post(
    path: string,
    fields: Record<string, string> | [string, string][],
    extra: Record<string, string> = {},
  ) {
    const response = await fetch(this.baseUrl + path, {
      method: "POST",
      headers: this.headers({ Origin: this.baseUrl, ...extra }),
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
    this.store(response);
    return response;
  }

  /** Follows a redirect chain from a response, as a browser would after a form post. */
  async follow(response: Response) {
    let current = response;
    while (current.status >= 300 && current.status < 400) {
      const location = current.headers.get("location");
      if (!location) break;
      current = await this.get(
        new URL(location, this.baseUrl).pathname + new URL(location, this.baseUrl).search,
      );
    }
    return current;
  }

  async logIn(username: string, password = "pufa-demo-2026") {
    const response = await this.post("/login", { username, password });
    if (response.status !== 302)
      throw new Error(`log-in of ${username} answered ${response.status}`);
    return response;
  }
}
