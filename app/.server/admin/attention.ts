import { accountLockedUntil } from "../auth/login-attempts";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";
import type { SubdistrictState } from "./subdistricts";

/** How far back failed log-ins count as needing a look. */
export const FAILED_LOGIN_HOURS = 24;

export type AccountAttention = {
  id: number;
  username: string;
  displayName: string;
  unitName: string;
  /** The first password (set by an admin) has not been changed yet. */
  firstPassword: boolean;
  /** When the lock ends, or null. */
  lockedUntil: string | null;
  /** Failed or refused log-ins in the last FAILED_LOGIN_HOURS. */
  failedLogins: number;
};

/**
 * Active accounts of the caller's subtree that need an admin's look: a first password still
 * unchanged, a lock, or failed log-ins in the last day (read from the audit log's log-in entries,
 * which name the account). Disabled accounts cannot log in and are left out.
 */
export async function accountsNeedingAttention(
  db: Db,
  input: { scopePath: string; now: string },
): Promise<AccountAttention[]> {
  const since = new Date(Date.parse(input.now) - FAILED_LOGIN_HOURS * 3_600_000).toISOString();
  const [accounts, failures] = await Promise.all([
    db
      .selectFrom("staff_user as u")
      .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
      .select([
        "u.id",
        "u.username",
        "u.display_name",
        "u.must_change_password",
        accountLockedUntil,
        "unit.name as unit_name",
        "unit.path as unit_path",
      ])
      .where("u.disabled", "=", 0)
      .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
      .execute(),
    db
      .selectFrom("audit_log")
      .select((eb) => ["actor_id", eb.fn.countAll<number | string>().as("failed")])
      .where("action", "=", "login")
      .where("outcome", "in", ["failure", "denied"])
      .where("at", ">=", since)
      .where("actor_id", "is not", null)
      .where((eb) => inSubtree(eb.ref("unit_path"), input.scopePath))
      .groupBy("actor_id")
      .execute(),
  ]);
  const failed = new Map(failures.map((row) => [row.actor_id, Number(row.failed)]));
  return accounts
    .map((account) => ({
      id: account.id,
      username: account.username,
      displayName: account.display_name,
      unitName: account.unit_name,
      unitPath: account.unit_path,
      firstPassword: account.must_change_password === 1,
      lockedUntil: account.locked_until,
      failedLogins: failed.get(account.id) ?? 0,
    }))
    .filter((account) => account.firstPassword || account.lockedUntil || account.failedLogins > 0)
    .sort(
      (a, b) =>
        byTreeOrder({ path: a.unitPath }, { path: b.unitPath }) ||
        a.username.localeCompare(b.username),
    )
    .map(({ unitPath: _unitPath, ...account }) => account);
}

/** The admin's lists of sub-districts that lack something, from their states. */
export function subdistrictGaps(states: SubdistrictState[]) {
  const pick = (test: (state: SubdistrictState) => boolean) =>
    states.filter(test).map((state) => ({ id: state.id, name: state.name }));
  return {
    withoutOrganiser: pick((state) => state.organisers === 0),
    withoutRoster: pick((state) => state.onRoster === 0),
    withoutTargets: pick((state) => state.targets.kind === "none"),
    /** Sub-districts whose targets come from a unit above: counted as set, shown apart. */
    inheritedTargets: states
      .filter((state) => state.targets.kind === "inherited")
      .map((state) => ({
        id: state.id,
        name: state.name,
        from: state.targets.kind === "inherited" ? state.targets.from : "",
      })),
  };
}
