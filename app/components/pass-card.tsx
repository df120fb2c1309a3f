import { useI18n } from "~/lib/use-i18n";
import { isMessageKey } from "~/lib/i18n";
import { PassCode } from "~/components/scan/pass-code";

export type PassCardData = {
  personId: number;
  name: string;
  kind: "legal_savvy" | "cadre";
  unitName: string;
  role: string;
  code: string;
  /** The QR code as an SVG document, drawn on the server. */
  qr: string;
};

/**
 * A pass as printed: about 85 × 54 mm (a bank card), the QR on the left, name, village or unit,
 * role and the code in large type on the right. No phone number: a lost card gives nothing away.
 */
export function PassCard({ card }: { card: PassCardData }) {
  const { t } = useI18n();
  const category = `pass.category.${card.role}`;
  const role = isMessageKey(category) ? t(category) : card.role;
  return (
    <article className="pass-card" aria-label={t("pass.cardTitle", { name: card.name })}>
      <div
        className="pass-qr"
        role="img"
        aria-label={t("pass.cardCode")}
        // The SVG is qrcode's own output for our code, not user input.
        dangerouslySetInnerHTML={{ __html: card.qr }}
      />
      <div className="pass-text">
        <p className="pass-brand">{t("pass.title")}</p>
        <p className="pass-name">{card.name}</p>
        <p className="pass-unit">{card.unitName}</p>
        <p className="pass-role">
          {t("pass.cardRole", { kind: t(`pass.kind.${card.kind}`), role })}
        </p>
        <p className="pass-code">
          <span className="pass-code-label">{t("pass.cardCode")}</span>
          <PassCode className="pass-code-value" text={card.code} />
        </p>
      </div>
    </article>
  );
}
