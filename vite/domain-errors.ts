import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

/** The module Remix's Vite plugin generates to list every route (the server build's entry). */
const SERVER_BUILD = "\0virtual:remix/server-build";

const wrapper = fileURLToPath(new URL("../app/.server/errors.ts", import.meta.url));

/**
 * Every route module of the server build, in `npm run dev` and in the production build alike,
 * reaches Remix through `withDomainErrors` (app/.server/errors.ts): a loader or action that
 * throws an AppError answers with its status, and an unreachable database with 503. Routes
 * carry no wrapper of their own, so none can forget it.
 *
 * Remix 2.17.5 writes each route as `module: routeN`. If a new version writes it otherwise, the
 * build stops here rather than serve routes that turn refusals into 500s.
 */
export function domainErrors(): Plugin {
  return {
    name: "pufa-domain-errors",
    enforce: "post",
    transform(code, id) {
      if (id !== SERVER_BUILD) return null;
      const imported = code.match(/^\s*import \* as route\d+ from /gm)?.length ?? 0;
      let wrapped = 0;
      const out = code.replace(/\bmodule: (route\d+)\b/g, (_match, name: string) => {
        wrapped++;
        return `module: __withDomainErrors(${name})`;
      });
      if (imported === 0 || wrapped !== imported) {
        throw new Error(
          `pufa-domain-errors: expected one "module: routeN" per imported route in ${SERVER_BUILD} (imported ${imported}, found ${wrapped}); the Remix server build changed shape`,
        );
      }
      return {
        code: `import { withDomainErrors as __withDomainErrors } from ${JSON.stringify(wrapper)};\n${out}`,
        map: null,
      };
    },
  };
}
