import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { HandoverSheetData } from "~/.server/staff/handover";
import type { MessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/** Printing works from the browser's menu; once scripts run, a button does the same. */
function PrintButton() {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      {t("accounts.sheet.print")}
    </button>
  );
}

/**
 * The handover sheet of accounts just given a first password: one slip per account with the
 * log-in address, its QR code, the username and the password, to cut apart and hand over. It is
 * the answer to the form that set the passwords, shown once; on paper only the slips print.
 */
export function HandoverSheet({
  sheet,
  notice,
}: {
  sheet: HandoverSheetData;
  notice: { key: MessageKey; values: Record<string, string | number> };
}) {
  const { t } = useI18n();
  const single = sheet.slips.length === 1 ? sheet.slips[0] : null;
  return (
    <>
      <section className="handover-tools" aria-labelledby="handover-title">
        <h1 id="handover-title">{t("accounts.sheet.title")}</h1>
        <p className="flash" role="status">
          {t(notice.key, notice.values)}
        </p>
        <p className="handover-once">{t("accounts.sheet.once")}</p>
        {sheet.linkWarning ? (
          <p className="handover-once handover-warning" role="note">
            {t(
              sheet.linkWarning === "this_machine"
                ? "accounts.sheet.warnThisMachine"
                : "accounts.sheet.warnThisNetwork",
              { host: sheet.linkHost },
            )}
          </p>
        ) : null}
        <div className="actions">
          <PrintButton />
          {single ? (
            <Link to={`/admin/users/${single.id}`}>
              {t("accounts.sheet.toAccount", { username: single.username })}
            </Link>
          ) : null}
          <Link to="/admin/users">{t("accounts.sheet.toList")}</Link>
        </div>
      </section>
      <ul className="handover-sheet" aria-label={t("accounts.sheet.title")}>
        {sheet.slips.map((slip) => (
          <li key={slip.username} className="handover-slip">
            <div className="handover-text">
              <p className="handover-brand">{t("accounts.sheet.brand")}</p>
              <dl>
                <div>
                  <dt>{t("accounts.sheet.name")}</dt>
                  <dd>
                    {slip.displayName} · {t(`role.${slip.role}`)} · {slip.unitLabel}
                  </dd>
                </div>
                <div>
                  <dt>{t("accounts.sheet.address")}</dt>
                  <dd className="handover-code">{sheet.loginUrl}</dd>
                </div>
                <div>
                  <dt>{t("accounts.sheet.username")}</dt>
                  <dd className="handover-code handover-secret">{slip.username}</dd>
                </div>
                <div>
                  <dt>{t("accounts.sheet.password")}</dt>
                  <dd className="handover-code handover-secret" data-testid="first-password">
                    {slip.password}
                  </dd>
                </div>
              </dl>
              <p className="handover-note">{t("accounts.sheet.firstLogin")}</p>
            </div>
            <div
              className="handover-qr"
              role="img"
              aria-label={t("accounts.sheet.qrLabel", { link: sheet.loginUrl })}
              // The SVG is qrcode's own output for the site's address, not user input.
              dangerouslySetInnerHTML={{ __html: sheet.qrSvg }}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
