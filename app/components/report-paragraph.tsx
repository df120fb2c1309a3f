import { useEffect, useRef, useState } from "react";
import type { ParagraphPiece } from "~/lib/report-paragraph";
import { paragraphText } from "~/lib/report-paragraph";
import { useI18n } from "~/lib/use-i18n";

/**
 * The annual-report paragraph: each number links to the figure it came from, and the same words
 * sit in a read-only box to select and copy (a copy button once the page's script runs).
 */
export function ReportParagraph({ pieces }: { pieces: ParagraphPiece[] }) {
  const { t } = useI18n();
  const box = useRef<HTMLTextAreaElement>(null);
  const [scripted, setScripted] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setScripted(true), []);
  const text = paragraphText(pieces);

  async function copy() {
    box.current?.select();
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard (an old WebView, or refused): the text stays selected for a manual copy.
      setCopied(false);
    }
  }

  return (
    <section aria-labelledby="paragraph" className="card">
      <h2 id="paragraph">{t("reach.paragraph")}</h2>
      <p className="report-paragraph">
        {pieces.map((piece, index) =>
          "figure" in piece ? (
            <a key={index} href={`#${piece.figure}`}>
              {piece.text}
            </a>
          ) : (
            <span key={index}>{piece.text}</span>
          ),
        )}
      </p>
      <div className="field">
        <label htmlFor="paragraph-text">{t("reach.paragraphCopy")}</label>
        <textarea id="paragraph-text" ref={box} readOnly rows={6} value={text} />
      </div>
      {scripted ? (
        <p>
          <button type="button" className="secondary" onClick={copy}>
            {t("reach.copy")}
          </button>{" "}
          <span aria-live="polite">{copied ? t("reach.copied") : ""}</span>
        </p>
      ) : null}
    </section>
  );
}
