import type { Db } from "../db";
import { listUnitsInScope } from "../units/units";
import { listCampaigns } from "./events";

/** The choices of the event form: host units and villages in the caller's scope, campaigns. */
export async function eventFormOptions(db: Db, input: { scopePath: string }) {
  const [units, campaigns] = await Promise.all([
    listUnitsInScope(db, { scopePath: input.scopePath }),
    listCampaigns(db),
  ]);
  return {
    units: units.map(({ id, name, level, depth }) => ({ id, name, level, depth })),
    villages: units
      .filter((unit) => unit.level === "village")
      .map(({ id, name }) => ({ id, name })),
    campaigns: campaigns.map(({ id, name, year }) => ({ id, name, year })),
  };
}
