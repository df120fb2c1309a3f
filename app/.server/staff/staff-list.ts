import type { SqlBool } from "kysely";
import { sql } from "kysely";
import type { AccountsQuery } from "~/lib/accounts-query";
import { accountLocked, accountLockedUntil } from "../auth/login-attempts";
import type { Db } from "../db";
import { inSubtree, refuseOutOfScope } from "../scope";
import { unitPathInScope } from "../units/units";

/** Accounts on one page of the list: a district has a few hundred. */
export const STAFF_PAGE_SIZE = 50;

export type StaffFilters = AccountsQuery;

/** The whole list, first page. */
export const noStaffFilters: StaffFilters = {
  q: "",
  unitId: null,
  role: null,
  status: null,
  mustChange: false,
  locked: false,
  page: 1,
};

/** `text` as a LIKE pattern that matches it anywhere, its own % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The accounts in scope that match the filters: the one query for the page and its count. */
function matching(db: Db, scopePath: string, filters: StaffFilters, unitPath: string | null) {
  const pattern = containing(filters.q);
  return (
    db
      .selectFrom("staff_user as u")
      .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
      .where((eb) => inSubtree(eb.ref("unit.path"), scopePath))
      .$if(unitPath !== null, (qb) => qb.where((eb) => inSubtree(eb.ref("unit.path"), unitPath!)))
      // lower() on both sides: SQLite's LIKE ignores case for ASCII, PostgreSQL's does not.
      .$if(filters.q !== "", (qb) =>
        qb.where((eb) =>
          eb.or([
            sql<SqlBool>`lower(${eb.ref("u.username")}) like lower(${pattern}) escape '\\'`,
            sql<SqlBool>`lower(${eb.ref("u.display_name")}) like lower(${pattern}) escape '\\'`,
          ]),
        ),
      )
      .$if(filters.role !== null, (qb) => qb.where("u.role", "=", filters.role!))
      .$if(filters.status !== null, (qb) =>
        qb.where("u.disabled", "=", filters.status === "disabled" ? 1 : 0),
      )
      .$if(filters.mustChange, (qb) => qb.where("u.must_change_password", "=", 1))
      .$if(filters.locked, (qb) => qb.where((eb) => accountLocked(eb)))
  );
}

/**
 * One page of the accounts in the caller's units that match the filters, by unit and username,
 * with the total; a page past the last shows the last. A unit outside the caller's is refused.
 */
export async function listStaff(db: Db, input: { scopePath: string; filters: StaffFilters }) {
  const { unitId } = input.filters;
  const unit =
    unitId === null ? null : await unitPathInScope(db, { id: unitId, scopePath: input.scopePath });
  if (unitId !== null && !unit) await refuseOutOfScope(db, "admin_unit", unitId);
  const base = matching(db, input.scopePath, input.filters, unit?.path ?? null);
  const { n } = await base
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.filters.page), pages);
  const rows = await base
    .select((eb) => [
      "u.id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.disabled",
      "u.must_change_password",
      "u.last_login_at",
      accountLockedUntil(eb),
      "u.unit_id",
    ])
    .orderBy("unit.path")
    .orderBy("u.username")
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE)
    .execute();
  return { rows, total, page, pages };
}
