/**
 * The browser every test and benchmark drives: Debian's Chromium build as its headless shell
 * (`apt-get install chromium-headless-shell`), the lighter headless mode Playwright itself uses
 * by default. On two cores it runs the browser suite in about two thirds of the time the full
 * browser takes, which runs a browser interface nobody sees. `CHROMIUM_PATH` picks another.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell";
