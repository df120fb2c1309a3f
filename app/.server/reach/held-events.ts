import type { Db } from "../db";
import type { ReachPeriod } from "~/lib/reach-period";
import { periodInstants } from "~/lib/reach-period";
import { heldBy } from "../events/held";
import { eventInReach } from "../scope";

export type ReachScope = { scopePath: string };

/**
 * The outreach events a period counts (场次): public events (cadre study sessions and internal
 * trainings are counted apart), published or reported, that started in the period and had ended
 * by `now`, hosted in the scope or held in one of its villages. A draft or cancelled event never
 * counts. Every figure of the outreach part of the dashboard reads this one selection.
 */
export function heldOutreachEvents(
  db: Db,
  input: ReachScope & { period: ReachPeriod; now: string },
) {
  const { start, end } = periodInstants(input.period);
  return db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as venue_village", "venue_village.id", "event.village_id")
    .where(eventInReach(db, input.scopePath))
    .where("event.visibility", "=", "public")
    .where((eb) => heldBy(eb, input.now))
    .where("event.starts_at", ">=", start)
    .where("event.starts_at", "<", end);
}
