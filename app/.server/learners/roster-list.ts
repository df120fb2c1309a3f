import type { LegalSavvyCategory, RosterStatus } from "../../../db/schema";
import { legalSavvyCategories, rosterStatuses } from "../../../db/schema";
import { maskPhone } from "~/lib/checkin-window";
import type { MessageKey } from "~/lib/i18n";
import type { Db } from "../db";
import { inSubtree } from "../scope";

export const ROSTER_PER_PAGE = 50;

export type RosterFilters = {
  villageId?: number;
  /** "all" shows those on the roster and those who left; the list starts with 在册. */
  status: RosterStatus | "all";
  category?: LegalSavvyCategory;
};

type Field = "village" | "status" | "category";

const isStatus = (value: string): value is RosterStatus | "all" =>
  value === "all" || (rosterStatuses as readonly string[]).includes(value);
const isCategory = (value: string): value is LegalSavvyCategory =>
  (legalSavvyCategories as readonly string[]).includes(value);

/**
 * The roster's query string. A value that cannot be used is dropped (the list shows as if it
 * were not given) and named in `errors`, so the page says so beside its field.
 */
export function parseRosterQuery(
  params: URLSearchParams,
  villages: { id: number }[],
): {
  filters: RosterFilters;
  page: number;
  values: Record<Field, string>;
  errors: Partial<Record<Field, MessageKey>>;
} {
  const read = (name: string) => (params.get(name) ?? "").trim().slice(0, 100);
  const values = { village: read("village"), status: read("status"), category: read("category") };
  const filters: RosterFilters = { status: "active" };
  const errors: Partial<Record<Field, MessageKey>> = {};
  if (values.status) {
    if (isStatus(values.status)) filters.status = values.status;
    else errors.status = "roster.filter.badStatus";
  }
  if (values.category) {
    if (isCategory(values.category)) filters.category = values.category;
    else errors.category = "roster.filter.badCategory";
  }
  if (values.village) {
    const village = villages.find((unit) => String(unit.id) === values.village);
    if (village) filters.villageId = village.id;
    else errors.village = "roster.filter.villageOutOfScope";
  }
  const pageText = read("page");
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  return { filters, page, values, errors };
}

/** Roster entries in scope that pass the filters (joined to their person and village). */
function filtered(db: Db, input: { scopePath: string; filters: RosterFilters }) {
  const { filters } = input;
  let query = db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath));
  if (filters.status !== "all") query = query.where("legal_savvy.status", "=", filters.status);
  if (filters.villageId) query = query.where("legal_savvy.village_id", "=", filters.villageId);
  if (filters.category) query = query.where("legal_savvy.category", "=", filters.category);
  return query;
}

/** The entries with what the list and the export show, in unit-tree order, then by name. */
export function rosterQuery(db: Db, input: { scopePath: string; filters: RosterFilters }) {
  return filtered(db, input)
    .select([
      "legal_savvy.id",
      "person.name",
      "person.phone",
      "legal_savvy.village_id",
      "village.name as village_name",
      "legal_savvy.category",
      "legal_savvy.recognised_on",
      "legal_savvy.certificate_no",
      "legal_savvy.adviser",
      "legal_savvy.status",
      "legal_savvy.retired_on",
      "legal_savvy.retire_reason",
    ])
    .orderBy("village.parent_id")
    .orderBy("village.id")
    .orderBy("person.name")
    .orderBy("legal_savvy.id");
}

/**
 * One page of the roster, phones masked. A page past the end (an old link, fewer people since)
 * shows the last page instead of an empty list.
 */
export async function listRosterPage(
  db: Db,
  input: { scopePath: string; filters: RosterFilters; page: number },
) {
  const count = await filtered(db, input)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(count.n);
  const lastPage = Math.max(1, Math.ceil(total / ROSTER_PER_PAGE));
  const page = Math.min(input.page, lastPage);
  const rows = await rosterQuery(db, input)
    .limit(ROSTER_PER_PAGE)
    .offset((page - 1) * ROSTER_PER_PAGE)
    .execute();
  return {
    page,
    total,
    first: total === 0 ? 0 : (page - 1) * ROSTER_PER_PAGE + 1,
    last: (page - 1) * ROSTER_PER_PAGE + rows.length,
    hasNext: page < lastPage,
    people: rows.map(({ phone, ...row }) => ({ ...row, phone: maskPhone(phone) })),
  };
}
