import type { Db } from "../db";
import { inSubtree } from "../scope";
import { listUnitsInScope } from "../units/units";
import { listCampaignChoices } from "./campaigns";
import { listVillagesInScope, offeredVillages } from "./event-list-query";

/**
 * The choices of the event form: host units and villages in the caller's scope, none retired
 * but the edited event's own (its host and village still show), villages labelled with their
 * sub-district where a name repeats; and campaigns (those of the edited event's year included).
 */
export async function eventFormOptions(
  db: Db,
  input: {
    scopePath: string;
    eventStartsAt?: string;
    current?: { hostUnitId: number; villageId: number | null };
  },
) {
  const [units, villages, retired, campaigns] = await Promise.all([
    listUnitsInScope(db, { scopePath: input.scopePath }),
    listVillagesInScope(db, { scopePath: input.scopePath }),
    db
      .selectFrom("admin_unit")
      .select("id")
      .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
      .where("retired_at", "is not", null)
      .execute(),
    listCampaignChoices(db, { eventStartsAt: input.eventStartsAt }),
  ]);
  const retiredIds = new Set(retired.map((unit) => unit.id));
  return {
    units: units
      .filter((unit) => !retiredIds.has(unit.id) || unit.id === input.current?.hostUnitId)
      .map(({ id, name, level, depth }) => ({ id, name, level, depth })),
    villages: offeredVillages(villages, input.current?.villageId).map(({ id, label }) => ({
      id,
      label,
    })),
    campaigns,
  };
}
