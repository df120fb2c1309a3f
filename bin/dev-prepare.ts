// `npm run dev`: migrates (and seeds the demo when PUFA_DEMO is on) from the sources themselves,
// as the dev server will run them, instead of building the production bundle first.
import { closeDatabase, prepareDatabase } from "../app/.server/startup";

const result = await prepareDatabase();
console.log(`Database up to date (${result.dialect}).`);
await closeDatabase();
