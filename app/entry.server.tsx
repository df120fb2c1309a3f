import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./lib/nonce";

// The command line (bin/pufa.js) reaches these through the server build.
export {
  bootstrapAdmin,
  closeDatabase,
  prepareDatabase,
  resetDemoDatabase,
  settings,
  adoptPrepared,
} from "./.server/startup";
export { backupDatabase } from "./.server/backup/backup";
export { BackupError } from "./.server/backup/errors";
export { restoreDatabase } from "./.server/backup/restore";
export { renderRefusal } from "./.server/refusal";
export { handleCheckin } from "./.server/checkin/handler";
export {
  backPath,
  bodyRules,
  clientAddress,
  isForeign,
  newNonce,
  requestOrigin,
  routedPath,
  securityHeaders,
} from "./.server/http-edge";

export const streamTimeout = 5_000;

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
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={streamTimeout}
          nonce={nonce}
        />
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
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
