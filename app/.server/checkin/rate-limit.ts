/**
 * Fixed one-minute windows counted in this process's memory. Enough for one app server; a
 * deployment of several servers divides the limits among them (see README).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts one request; false when the key has used up its minute. */
  take(key: string, nowMs = Date.now()) {
    const start = nowMs - (nowMs % 60_000);
    const window = this.windows.get(key);
    if (!window || window.start !== start) {
      if (this.windows.size > 50_000) this.prune(start);
      this.windows.set(key, { start, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.perMinute;
  }

  private prune(currentStart: number) {
    for (const [key, window] of this.windows) {
      if (window.start !== currentStart) this.windows.delete(key);
    }
  }
}
