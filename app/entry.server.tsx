import { Transform } from "node:stream";
import type {
  ActionFunctionArgs,
  AppLoadContext,
  EntryContext,
  LoaderFunctionArgs,
} from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { processLog } from "./.server/http/log";
import { NonceContext } from "./lib/nonce";
import { RequestIdContext } from "./lib/request-id";

// The command line (bin/pufa.js) reaches these, and the HTTP server, through the server build.
export {
  bootstrapAdmin,
  closeDatabase,
  prepareDatabase,
  purgeNow,
  resetDemoDatabase,
  settings,
  adoptPrepared,
} from "./.server/startup";
export { createServer } from "./.server/http/server";
export { listen } from "./.server/http/listen";
export { backupDatabase } from "./.server/backup/backup";
export { BackupError } from "./.server/backup/errors";
export { restoreDatabase } from "./.server/backup/restore";

export const streamTimeout = 5_000;

/** An unexpected error in a loader or action: one JSON line, with the id the error page shows. */
export function handleError(
  error: unknown,
  { request, context }: LoaderFunctionArgs | ActionFunctionArgs,
) {
  // The client went away: nothing went wrong.
  if (request.signal.aborted) return;
  processLog().error({ requestId: context.requestId, err: error }, "unexpected error");
}

/**
 * React 18.3's streaming renderer flushes its whole 2 KB buffer, unused zero bytes included, when
 * a multi-byte character (most Chinese text) does not fit at the end (react#24985, react#31134):
 * NUL characters land in the page, inside attribute values too. UTF-8 text never contains a zero
 * byte, so dropping them gives back exactly the document React meant.
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // bin/server.js makes one per request and sends it in the Content-Security-Policy header.
  const nonce = loadContext.cspNonce;
  // Crawlers and no-JavaScript clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RequestIdContext.Provider value={loadContext.requestId}>
          <RemixServer
            context={remixContext}
            url={request.url}
            abortDelay={streamTimeout}
            nonce={nonce}
          />
        </RequestIdContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, Remix logs them itself.
          if (shellRendered) {
            processLog().error({ requestId: loadContext.requestId, err: error }, "render error");
          }
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
