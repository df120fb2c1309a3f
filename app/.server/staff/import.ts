import type { Role, UnitLevel } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import type { MessageKey } from "~/lib/i18n";
import { usernameSchema } from "~/lib/schemas";
import { qualifiedName } from "~/lib/unit-label";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { hashPassword } from "../auth/password";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, pathInSubtree, rolesFor } from "../scope";
import type { SlipAccount } from "./handover";
import { firstPassword } from "./handover";
import type { AccountRow } from "./import-rows";
import { readRole, unitSegments } from "./import-rows";
import { needsWideConfirm } from "./staff";

export type Problem = { key: MessageKey; values?: Record<string, string | number> };

/** One row of the preview: the account it makes, or why it cannot be made. */
export type AccountPreviewRow = {
  line: number;
  username: string;
  name: string;
  role: Role | null;
  /** The unit as written, and the one it resolved to ("横泾街道 · 舟山村"), if any. */
  unit: string;
  unitLabel: string | null;
  problems: Problem[];
  /** An organiser or official at the district: made only with the importer's confirmation. */
  wide: boolean;
};

type Unit = {
  id: number;
  parent_id: number | null;
  name: string;
  level: UnitLevel;
  path: string;
  retired_at: string | null;
};

type GoodRow = {
  username: string;
  name: string;
  role: Role;
  unit: Unit;
  unitLabel: string;
};

const nameKey = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");

/**
 * Finds the unit a row names: the units whose names, read up the tree, end with the names
 * written ("舟山村", or "横泾街道/舟山村"). Only the importer's units count; a name that still
 * fits several of them is refused with each named, so that no row lands in the wrong village.
 */
async function unitResolver(db: Db, scopePath: string) {
  const units: Unit[] = await db
    .selectFrom("admin_unit")
    .select(["id", "parent_id", "name", "level", "path", "retired_at"])
    .execute();
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const parentName = (unit: Unit) =>
    unit.parent_id === null ? null : (byId.get(unit.parent_id)?.name ?? null);
  const fits = (unit: Unit, names: string[]) => {
    let at: Unit | undefined = unit;
    for (let i = names.length - 1; i >= 0; i--) {
      if (!at || nameKey(at.name) !== names[i]) return false;
      at = at.parent_id === null ? undefined : byId.get(at.parent_id);
    }
    return true;
  };
  const label = (unit: Unit) => qualifiedName({ name: unit.name, parentName: parentName(unit) });
  return (written: string): { unit: Unit; label: string } | { problem: Problem } => {
    const names = unitSegments(written);
    const found = units.filter((unit) => fits(unit, names));
    const mine = found.filter((unit) => pathInSubtree(unit.path, scopePath));
    if (mine.length === 0) {
      return {
        problem: {
          key:
            found.length > 0
              ? "accounts.import.problem.unitOutOfScope"
              : "accounts.import.problem.unitUnknown",
        },
      };
    }
    const live = mine.filter((unit) => unit.retired_at === null);
    if (live.length === 0) return { problem: { key: "accounts.import.problem.unitRetired" } };
    if (live.length > 1) {
      const written = live.map((unit) => [parentName(unit), unit.name].filter(Boolean).join("/"));
      return {
        problem: {
          key: "accounts.import.problem.unitAmbiguous",
          values: {
            name: names.join("/"),
            count: live.length,
            candidates: written.join("、"),
            example: written[written.length - 1]!,
          },
        },
      };
    }
    return { unit: live[0]!, label: label(live[0]!) };
  };
}

/**
 * Checks every row on its own, against the file (a username twice) and against the database (a
 * username taken, a unit unknown, outside the importer's units, retired or ambiguous). Writes
 * nothing.
 */
async function checkRows(db: Db, input: { scopePath: string; rows: AccountRow[] }) {
  const resolve = await unitResolver(db, input.scopePath);
  const usernames = input.rows.map((row) => usernameSchema.safeParse(row.username));
  const wanted = usernames.flatMap((parsed) => (parsed.success ? [parsed.data] : []));
  const taken = new Set(
    wanted.length === 0
      ? []
      : (
          await db
            .selectFrom("staff_user")
            .select("username")
            .where("username", "in", [...new Set(wanted)])
            .execute()
        ).map((row) => row.username),
  );
  const firstLine = new Map<string, number>();
  const preview: AccountPreviewRow[] = [];
  const good: GoodRow[] = [];
  for (const [index, row] of input.rows.entries()) {
    const problems: Problem[] = [];
    const parsed = usernames[index]!;
    const username = parsed.success ? parsed.data : row.username;
    if (!parsed.success) problems.push({ key: "accounts.import.problem.username" });
    else if (taken.has(username)) problems.push({ key: "accounts.import.problem.usernameTaken" });
    const earlier = firstLine.get(username);
    if (parsed.success && earlier !== undefined) {
      problems.push({ key: "accounts.import.problem.usernameRepeated", values: { line: earlier } });
    } else if (parsed.success) firstLine.set(username, row.line);
    const name = row.name.normalize("NFKC").trim();
    if (!name) problems.push({ key: "accounts.import.problem.noName" });
    else if (name.length > 40) problems.push({ key: "accounts.import.problem.nameTooLong" });
    else if (name.includes("\u0000")) problems.push({ key: "form.invalidCharacters" });
    const role = readRole(row.role);
    if (!role) problems.push({ key: "accounts.import.problem.role" });
    const resolved = row.unit ? resolve(row.unit) : null;
    if (!resolved) problems.push({ key: "accounts.import.problem.noUnit" });
    else if ("problem" in resolved) problems.push(resolved.problem);
    const unit = resolved && "unit" in resolved ? resolved : null;
    const wide = Boolean(role && unit && needsWideConfirm(role, unit.unit.level));
    preview.push({
      line: row.line,
      username,
      name: name || row.name,
      role,
      unit: row.unit,
      unitLabel: unit?.label ?? null,
      problems,
      wide,
    });
    if (problems.length === 0 && role && unit) {
      good.push({ username, name, role, unit: unit.unit, unitLabel: unit.label });
    }
  }
  return { preview, good };
}

function summarise(rows: AccountPreviewRow[]) {
  return {
    rows,
    bad: rows.filter((row) => row.problems.length > 0).length,
    good: rows.filter((row) => row.problems.length === 0).length,
    wide: rows.filter((row) => row.problems.length === 0 && row.wide).length,
  };
}

export type AccountsPreview = ReturnType<typeof summarise>;

/** The preview of an upload: every row, bad ones with their reasons, and the totals. */
export async function previewAccountsImport(db: Db, input: { actor: Actor; rows: AccountRow[] }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  const { preview } = await checkRows(db, { scopePath: input.actor.unitPath, rows: input.rows });
  return summarise(preview);
}

/**
 * Refused at the confirmation: a row went bad since the preview, or district-wide accounts were
 * not confirmed (`field` then names the tick). Nothing was written.
 */
export class AccountsImportRefused extends AppError {
  constructor(
    readonly preview: AccountsPreview,
    field?: "wideConfirmed",
  ) {
    super(
      "BAD_REQUEST",
      field ? "accounts.import.wideNeedsConfirm" : "accounts.import.hasBadRows",
      field,
    );
  }
}

/**
 * Creates every account of the file, all or nothing, each with a generated first password it
 * must change at first log-in, after checking the rows again inside the transaction (they came
 * back from the browser). Returns the accounts with their passwords, for the handover sheet
 * only: the passwords are stored hashed and logged nowhere.
 */
export async function commitAccountsImport(
  db: Db,
  input: { actor: Actor; rows: AccountRow[]; wideConfirmed: boolean },
): Promise<SlipAccount[]> {
  assertRole(input.actor, rolesFor.manageAccounts);
  const scopePath = input.actor.unitPath;
  const checked = await checkRows(db, { scopePath, rows: input.rows });
  const summary = summarise(checked.preview);
  if (summary.bad > 0 || summary.good === 0) throw new AccountsImportRefused(summary);
  if (summary.wide > 0 && !input.wideConfirmed) {
    throw new AccountsImportRefused(summary, "wideConfirmed");
  }
  // Hashing takes a while: before the transaction, which on SQLite holds the one connection.
  const passwords = new Map(checked.good.map((row) => [row.username, firstPassword(row.username)]));
  const hashes = new Map(
    await Promise.all(
      [...passwords].map(
        async ([username, password]) => [username, await hashPassword(password)] as const,
      ),
    ),
  );
  return inTransaction(db, async (trx) => {
    const again = await checkRows(trx, { scopePath, rows: input.rows });
    const recheck = summarise(again.preview);
    if (recheck.bad > 0 || again.good.some((row) => !passwords.has(row.username))) {
      throw new AccountsImportRefused(recheck);
    }
    const stamp = now();
    const created: SlipAccount[] = [];
    for (const row of again.good) {
      const inserted = await trx
        .insertInto("staff_user")
        .values({
          username: row.username,
          display_name: row.name,
          password_hash: hashes.get(row.username)!,
          role: row.role,
          unit_id: row.unit.id,
          must_change_password: 1,
          password_changed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...auditBy(input.actor),
        action: "user.create",
        target: row.username,
        outcome: "success",
        unit_path: row.unit.path,
        detail: `role=${row.role} unit=${row.unit.id} import`,
      });
      created.push({
        id: inserted.id,
        username: row.username,
        displayName: row.name,
        role: row.role,
        unitLabel: row.unitLabel,
        password: passwords.get(row.username)!,
      });
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.import",
      target: null,
      outcome: "success",
      unit_path: scopePath,
      detail: `accounts=${created.length} wide=${recheck.wide}`,
    });
    return created;
  });
}
