import { join } from "node:path";
import type { Plugin } from "vite";

/**
 * The offline door's service worker (issue 20), written into the client build as door-sw.js by
 * Workbox when the client build closes, so every build has it (`npm run build` and the server's
 * own rebuild alike). It keeps only the staff scan pages and what they load; the page registers
 * it with the scope /events/, so the resident's /c/ pages never meet it. Nothing is fetched
 * ahead: the scan page puts in its caches what it loaded itself.
 */
export function doorServiceWorker(): Plugin {
  let client = false;
  let outDir = "";
  return {
    name: "pufa-door-sw",
    apply: "build",
    configResolved(config) {
      client = !config.build.ssr;
      outDir = config.build.outDir;
    },
    async closeBundle() {
      if (!client) return;
      const { generateSW } = await import("workbox-build");
      const { warnings } = await generateSW({
        swDest: join(outDir, "door-sw.js"),
        globDirectory: outDir,
        globPatterns: [],
        mode: "production",
        inlineWorkboxRuntime: true,
        sourcemap: false,
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // The scan page, fresh while online, from the cache without a signal.
            urlPattern: ({ request, url }) =>
              request.mode === "navigate" && /^\/events\/\d+\/scan\/?$/.test(url.pathname),
            handler: "NetworkFirst",
            options: { cacheName: "pufa-door-pages", expiration: { maxEntries: 20 } },
          },
          {
            // Remix's route discovery, asked for by the page's links.
            urlPattern: ({ url }) =>
              url.origin === self.location.origin && url.pathname === "/__manifest",
            handler: "NetworkFirst",
            options: { cacheName: "pufa-door-pages", expiration: { maxEntries: 20 } },
          },
          {
            // Hashed scripts and styles never change under one name; the icons barely do.
            urlPattern: ({ url }) =>
              url.origin === self.location.origin &&
              (url.pathname.startsWith("/assets/") ||
                /^\/(favicon|apple-touch-icon|door-icon)/.test(url.pathname)),
            handler: "CacheFirst",
            options: { cacheName: "pufa-door-assets", expiration: { maxEntries: 100 } },
          },
        ],
      });
      for (const warning of warnings) this.warn(warning);
    },
  };
}
