import type { IncomingMessage } from "node:http";

/** The body was larger than its path allows (413). */
export class TooLarge extends Error {}
/** The body stalled, or was not all there in time (408). */
export class TooSlow extends Error {}
/** As many uploads as a process reads at once are in flight; this one is not read (503). */
export class Busy extends Error {}

export type BodyRules = {
  /** The most bytes the body may have. */
  bytes: number;
  /** The longest pause between two chunks, in ms. */
  idleMs: number;
  /** When (Date.now()) the whole body must have arrived. */
  deadline: number;
};

/**
 * The whole body, up to `bytes` bytes. Counting the bytes as they arrive catches a chunked body
 * (no Content-Length) at the first byte too many, without holding more than the limit. A body
 * that stalls for `idleMs`, or is not all there by `deadline` (however steadily it trickles), is
 * given up too: a slow sender must not hold a connection and its memory for minutes.
 */
export function readBody(req: IncomingMessage, { bytes, idleMs, deadline }: BodyRules) {
  return new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    const stop = (error?: Error) => {
      clearTimeout(idle);
      clearTimeout(late);
      req.off("data", onData);
      if (!error) return;
      req.pause();
      reject(error);
    };
    const late = setTimeout(() => stop(new TooSlow()), Math.max(0, deadline - Date.now()));
    const wait = () => {
      clearTimeout(idle);
      idle = setTimeout(() => stop(new TooSlow()), idleMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > bytes) return stop(new TooLarge());
      chunks.push(chunk);
      wait();
    };
    req.on("data", onData);
    req.on("end", () => {
      stop();
      resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      stop();
      reject(error);
    });
    wait();
  });
}

/**
 * The rest of a refused body is never read, and the connection cannot serve another request:
 * the answer says "Connection: close". Node would close it the moment the answer is written, and
 * closing with unread bytes resets the connection, which can make the client lose the answer; so
 * only our side is closed at once, and the connection is cut a moment later.
 */
export function leaveUnread(req: IncomingMessage) {
  const socket = req.socket as IncomingMessage["socket"] & { destroySoon?: () => void };
  req.pause();
  req.read(0); // marks the body as taken, so Node does not drain it either
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), 2_000).unref();
  };
}
