import { roles } from "../../db/schema";
import type { Role } from "../../db/schema";
import { parseRecordId } from "./record-id";

// The accounts list's query string: search, filters and page, as links and a GET form write it
// (so that it works without JavaScript). A value that is not one of ours is dropped, and the
// page says so, instead of failing.

export const accountStatuses = ["active", "disabled"] as const;

export type AccountsQuery = {
  q: string;
  unitId: number | null;
  role: Role | null;
  status: (typeof accountStatuses)[number] | null;
  mustChange: boolean;
  locked: boolean;
  page: number;
};

const SEARCH_MAX = 64;

export function parseAccountsQuery(params: URLSearchParams) {
  let bad = false;
  const text = (name: string) => params.get(name)?.trim() ?? "";
  const q = text("q").replaceAll("\u0000", "");
  if (q.length > SEARCH_MAX) bad = true;
  const unitText = text("unit");
  const unitId = unitText ? parseRecordId(unitText) : null;
  if (unitText && unitId === null) bad = true;
  const roleText = text("role");
  const role = (roles as readonly string[]).includes(roleText) ? (roleText as Role) : null;
  if (roleText && !role) bad = true;
  const statusText = text("status");
  const status = (accountStatuses as readonly string[]).includes(statusText)
    ? (statusText as AccountsQuery["status"])
    : null;
  if (statusText && !status) bad = true;
  const pageText = text("page");
  const page = pageText ? parseRecordId(pageText) : 1;
  if (page === null) bad = true;
  const query: AccountsQuery = {
    q: q.slice(0, SEARCH_MAX),
    unitId,
    role,
    status,
    mustChange: text("mustChange") === "1",
    locked: text("locked") === "1",
    page: page ?? 1,
  };
  return { query, bad };
}

/** The query string of `query` at another page: what the pager's links carry. */
export function accountsQueryString(query: AccountsQuery, page: number) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.unitId !== null) params.set("unit", String(query.unitId));
  if (query.role) params.set("role", query.role);
  if (query.status) params.set("status", query.status);
  if (query.mustChange) params.set("mustChange", "1");
  if (query.locked) params.set("locked", "1");
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}
