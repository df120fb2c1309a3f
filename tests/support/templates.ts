import { makeTemplates, TEMPLATES_ENV } from "./database";

/**
 * Vitest's global setup: the run's template databases (tests/support/database.ts), made once
 * before the first test file and handed to every test process in the environment.
 */
export default async function setup() {
  const { templates, remove } = await makeTemplates();
  process.env[TEMPLATES_ENV] = JSON.stringify(templates);
  return async () => {
    delete process.env[TEMPLATES_ENV];
    await remove();
  };
}
