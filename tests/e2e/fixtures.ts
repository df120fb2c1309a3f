import { expect, test as base } from "@playwright/test";

/**
 * Each Playwright worker has its own server and demo database (playwright.config.ts starts one per
 * worker, on consecutive ports), so specs in parallel workers never see each other's events.
 * Playwright names the worker's slot in TEST_PARALLEL_INDEX.
 */
const slot = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210) + slot;
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
/** The database file of this worker's server, for specs that write their own fixtures into it. */
export const E2E_DATABASE = `data/e2e-${E2E_PORT}.db`;

export const test = base.extend({ baseURL: E2E_ORIGIN });

export { expect };
