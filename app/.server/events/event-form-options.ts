import type { Db } from "../db";
import { listUnitsInScope } from "../units/units";
import { listCampaignChoices } from "./campaigns";

/**
 * The choices of the event form: host units and villages in the caller's scope, and campaigns
 * (those of the edited event's year included).
 */
export async function eventFormOptions(
  db: Db,
  input: { scopePath: string; eventStartsAt?: string },
) {
  const [units, campaigns] = await Promise.all([
    listUnitsInScope(db, { scopePath: input.scopePath }),
    listCampaignChoices(db, { eventStartsAt: input.eventStartsAt }),
  ]);
  return {
    units: units.map(({ id, name, level, depth }) => ({ id, name, level, depth })),
    villages: units
      .filter((unit) => unit.level === "village")
      .map(({ id, name }) => ({ id, name })),
    campaigns,
  };
}
