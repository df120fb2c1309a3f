// Builds the offline door's service worker (issue 20) into build/client/door-sw.js with Workbox,
// after the Remix build. It keeps only the staff scan pages and what they load: the page
// registers it with the scope /events/, so the resident's /c/ pages never meet it.
import { generateSW } from "workbox-build";

const { count, size, warnings } = await generateSW({
  swDest: "build/client/door-sw.js",
  globDirectory: "build/client",
  // Nothing is fetched ahead: the scan page puts in the caches what it loaded itself.
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
        (url.pathname.startsWith("/assets/") || /^\/(favicon|apple-touch-icon)/.test(url.pathname)),
      handler: "CacheFirst",
      options: { cacheName: "pufa-door-assets", expiration: { maxEntries: 100 } },
    },
  ],
});
for (const warning of warnings) console.warn(warning);
console.log(`door-sw.js: ${count} files precached (${size} bytes)`);
