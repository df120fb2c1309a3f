import { Form, Link } from "@remix-run/react";
import type { AudienceGroup, CheckinMethod } from "../../db/schema";
import { useI18n } from "~/lib/use-i18n";

// The door's list on a phone: one line a person (name, masked phone, time), the rest and the
// undo inside the row's own details, 50 rows a page.

export type DoorRow = {
  id: number;
  name: string;
  phone: string | null;
  /** The time of day, formatted on the server. */
  clock: string;
  /** Date and time, formatted on the server. */
  when: string;
  method: CheckinMethod;
  sharesPhone: boolean;
  proxy: boolean;
  place: string;
  group: AudienceGroup;
  recordedBy: string | null;
};

/** Where the list is: its search, its filter and its page, kept by every link it makes. */
export type ListPlace = { query: string; proxyOnly: boolean; page: number };

export function listSearch(place: ListPlace, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  if (place.query) params.set("q", place.query);
  if (place.proxyOnly) params.set("proxy", "1");
  if (place.page > 1) params.set("page", String(place.page));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `?${params}`;
}

/** A first tap on undo only asks; the question's own buttons delete or keep. */
function UndoControl({ row, place, asking }: { row: DoorRow; place: ListPlace; asking: boolean }) {
  const { t } = useI18n();
  if (!asking) {
    return (
      <p>
        <Link
          to={`${listSearch(place, { undo: String(row.id) })}#row-${row.id}`}
          className="button secondary"
          preventScrollReset
        >
          {t("attendance.undo", { name: row.name })}
        </Link>
      </p>
    );
  }
  return (
    <Form method="post" className="confirm" aria-labelledby={`confirm-${row.id}`}>
      <p id={`confirm-${row.id}`}>
        <strong>{t("attendance.undoConfirm", { name: row.name })}</strong>
      </p>
      <input type="hidden" name="intent" value="undo" />
      <input type="hidden" name="checkinId" value={row.id} />
      <p className="actions">
        <button type="submit" name="confirmed" value="yes" className="danger">
          {t("attendance.undoYes")}
        </button>
        <Link to={`${listSearch(place)}#row-${row.id}`} preventScrollReset>
          {t("attendance.undoKeep")}
        </Link>
      </p>
    </Form>
  );
}

export function DoorList({
  rows,
  place,
  pages,
  canEdit,
  confirmUndo,
}: {
  rows: DoorRow[];
  place: ListPlace;
  pages: number;
  canEdit: boolean;
  confirmUndo: number | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <ol className="tree door-list" aria-label={t("attendance.list")}>
        {rows.map((row) => (
          <li key={row.id}>
            {/* The row asked about stays open, its question in view. */}
            <details open={confirmUndo === row.id || undefined}>
              <summary>
                <strong id={`row-${row.id}`}>{row.name}</strong>{" "}
                <span className="door-row-meta">
                  {[row.phone, row.clock].filter(Boolean).join(" · ")}
                </span>
                {row.sharesPhone ? (
                  <>
                    {" "}
                    <span className="tag">{t("attendance.sharedPhone")}</span>
                  </>
                ) : null}
                {row.proxy ? (
                  <>
                    {" "}
                    <span className="tag">{t("attendance.proxy")}</span>
                  </>
                ) : null}
              </summary>
              <p>
                {[row.place, t(`group.${row.group}`)].filter(Boolean).join(" · ")}
                <br />
                {row.when} · {t(`method.${row.method}`)} ·{" "}
                {t("common.labelled", {
                  label: t("attendance.col.recordedBy"),
                  value: row.recordedBy ?? t("attendance.bySelf"),
                })}
              </p>
              {canEdit ? (
                <UndoControl row={row} place={place} asking={confirmUndo === row.id} />
              ) : null}
            </details>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav className="door-pages actions" aria-label={t("attendance.pages")}>
          {place.page > 1 ? (
            <Link to={listSearch({ ...place, page: place.page - 1 })}>
              {t("attendance.pagePrevious")}
            </Link>
          ) : null}
          <span>{t("attendance.pageOf", { page: place.page, pages })}</span>
          {place.page < pages ? (
            <Link to={listSearch({ ...place, page: place.page + 1 })}>
              {t("attendance.pageNext")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
