import type { MessageKey } from "~/lib/i18n";
import { parseYear } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError, idQuery } from "../errors";
import { listUnitsInScope } from "../units/units";
import { ledgerContents, ledgerCounts, ledgerEmpty, ledgerUnit } from "./ledger";

type Field = "unit" | "year";

/** How many years back the page looks for the year it opens on. */
const DEFAULT_YEARS_BACK = 5;

/**
 * /reach/ledger: the sub-districts the caller may file for, the unit and year asked, what the
 * year holds, and the error beside its field when the unit is not a sub-district or the year is
 * not one or is empty. Unless a year is asked, the page opens on the newest year that is over and
 * holds something (of the last DEFAULT_YEARS_BACK), else on last year: a year is filed once it is
 * over, and a first visit should not open on an error.
 */
export async function ledgerPage(
  db: Db,
  input: { actor: Actor & { unitId: number }; params: URLSearchParams; now: string },
) {
  const own = await listUnitsInScope(db, { scopePath: input.actor.unitPath });
  if (own[0]?.level === "village") return { villageOnly: true as const };
  const units = own
    .filter((unit) => unit.level === "subdistrict")
    .map(({ id, name }) => ({ id, name }));
  const lastYear = Number(shanghaiDay(input.now).slice(0, 4)) - 1;
  const values = {
    unit: input.params.get("unit") ?? String(units[0]?.id ?? ""),
    year: input.params.get("year") ?? String(lastYear),
  };
  const errors: Partial<Record<Field, MessageKey>> = {};
  let year = parseYear(values.year);
  if (year === null) errors.year = "ledger.error.year";
  let found: {
    unit: { id: number; name: string };
    counts: ReturnType<typeof ledgerCounts>;
  } | null = null;
  try {
    const unit = await ledgerUnit(db, { actor: input.actor, unitId: idQuery(values.unit) });
    const asked = input.params.has("year");
    for (let back = 0; year !== null && back < (asked ? 1 : DEFAULT_YEARS_BACK); back++) {
      const tried = asked ? year : lastYear - back;
      const contents = await ledgerContents(db, { unit, year: tried, now: input.now });
      if (!ledgerEmpty(contents)) {
        year = tried;
        values.year = String(tried);
        found = { unit: { id: unit.id, name: unit.name }, counts: ledgerCounts(contents) };
        break;
      }
    }
    if (year !== null && !found) errors.year = "ledger.error.empty";
  } catch (error) {
    if (!(error instanceof AppError) || error.field !== "unit") throw error;
    errors.unit = error.messageKey;
  }
  const unitName = units.find((unit) => String(unit.id) === values.unit)?.name ?? "";
  // Sent back by the download while this server builds another 台账.
  const busy = input.params.get("busy") === "1";
  return { villageOnly: false as const, units, values, errors, year, unitName, found, busy };
}
