import { renderToStaticMarkup } from "react-dom/server";
import { dutyKinds } from "../../../db/schema";
import type { DutyKind, DutyStatus } from "../../../db/schema";
import { hoursNumber } from "~/lib/hours";
import type { Lang, MessageKey, Translate } from "~/lib/i18n";
import { isMessageKey, translator } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { formatDate, shanghaiDayStart } from "~/lib/time";
import { SELF_ENTRIES_PER_DAY } from "./own-duty";
import { PERSONAL_STYLE } from "./personal-style";
import type { Training } from "./training-hours";
import { PassCode } from "~/components/scan/pass-code";

// The 法律明白人's own page on their phone, drawn as plain HTML without a script (like the
// resident's check-in page): it opens fast inside WeChat's browser and its form works as a form.
// React renders it to a string here so that every value is escaped.

/** Unknown, revoked, expired or retired: one fixed page, the same bytes whoever asks and whatever for. */
export const NOT_FOUND_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>页面不存在 · Page not found</title></head><body><h1>页面不存在</h1><p lang="en">Page not found</p></body></html>`;

export type OwnEntry = {
  id: number;
  occurredOn: string;
  kind: DutyKind;
  served: string;
  content: string;
  status: DutyStatus;
  returnReason: string | null;
};

export type PersonalView = {
  lang: Lang;
  path: string;
  name: string;
  villageName: string;
  /** The last Beijing day (YYYY-MM-DD) the link works. */
  lastDay: string;
  year: number;
  trainings: Training[];
  totalMinutes: number;
  targetMinutes: number;
  entries: OwnEntry[];
  /** The holder's live pass, to be shown at the door instead of the card; null when none. */
  pass: { code: string; qr: string } | null;
  sent: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
};

const day = (lang: Lang, value: string) => formatDate(lang, shanghaiDayStart(value));

const fieldLabels: Record<string, MessageKey> = {
  occurredOn: "duty.field.occurredOn",
  kind: "duty.field.kind",
  served: "duty.field.served",
  content: "duty.field.content",
  result: "duty.field.result",
  disputeResolved: "duty.field.disputeResolved",
  photos: "photo.field",
};

function message(t: Translate, key: string | undefined, values?: Record<string, number>) {
  return key ? t(isMessageKey(key) ? key : "form.invalidChoice", values) : "";
}

function control(name: string, errors: FieldErrors | undefined) {
  const error = errors?.[name];
  return {
    id: name,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${name}-error` : undefined,
  };
}

function ErrorText({ t, name, errors }: { t: Translate; name: string; errors?: FieldErrors }) {
  const error = errors?.[name];
  if (!error) return null;
  return (
    <p className="error" id={`${name}-error`}>
      {message(t, error, { count: SELF_ENTRIES_PER_DAY })}
    </p>
  );
}

function EntryForm({ view, t }: { view: PersonalView; t: Translate }) {
  const { errors, values = {} } = view;
  const entries = Object.entries(errors ?? {});
  const resolved = values.disputeResolved ?? "";
  return (
    <form method="post" encType="multipart/form-data" noValidate>
      {entries.length > 0 ? (
        <div className="summary" role="alert">
          <p>{t("form.errorSummary", { count: entries.length })}</p>
          <ul>
            {entries.map(([field, key]) => (
              <li key={field}>
                {fieldLabels[field] ? (
                  <a href={`#${field}`}>
                    {t(fieldLabels[field])}
                    {t("common.colon")}
                  </a>
                ) : null}
                {message(t, key, { count: SELF_ENTRIES_PER_DAY })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="occurredOn">{t("duty.field.occurredOn")}</label>
        <ErrorText t={t} name="occurredOn" errors={errors} />
        <input
          type="date"
          defaultValue={values.occurredOn ?? ""}
          {...control("occurredOn", errors)}
        />
      </div>
      <div className="field">
        <label htmlFor="kind">{t("duty.field.kind")}</label>
        <ErrorText t={t} name="kind" errors={errors} />
        <select defaultValue={values.kind ?? ""} {...control("kind", errors)}>
          <option value="">{t("duty.choose")}</option>
          {dutyKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`duty.kind.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="served">{t("duty.field.served")}</label>
        <ErrorText t={t} name="served" errors={errors} />
        <input defaultValue={values.served ?? ""} maxLength={100} {...control("served", errors)} />
      </div>
      <div className="field">
        <label htmlFor="content">{t("duty.field.content")}</label>
        <ErrorText t={t} name="content" errors={errors} />
        <textarea rows={4} defaultValue={values.content ?? ""} {...control("content", errors)} />
      </div>
      <div className="field">
        <label htmlFor="result">{t("duty.field.result")}</label>
        <ErrorText t={t} name="result" errors={errors} />
        <input defaultValue={values.result ?? ""} {...control("result", errors)} />
      </div>
      <fieldset
        aria-invalid={errors?.disputeResolved ? true : undefined}
        aria-describedby={
          errors?.disputeResolved ? "disputeResolved-error" : "disputeResolved-hint"
        }
      >
        <legend id="disputeResolved">{t("duty.field.disputeResolved")}</legend>
        <p className="hint" id="disputeResolved-hint">
          {t("duty.field.disputeResolvedHint")}
        </p>
        <ErrorText t={t} name="disputeResolved" errors={errors} />
        <label className="choice">
          <input type="radio" name="disputeResolved" value="1" defaultChecked={resolved === "1"} />
          {t("duty.resolved")}
        </label>
        <label className="choice">
          <input type="radio" name="disputeResolved" value="0" defaultChecked={resolved === "0"} />
          {t("duty.unresolved")}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="photos">{t("photo.field")}</label>
        <p className="hint" id="photos-hint">
          {t("photo.hint")}
        </p>
        <ErrorText t={t} name="photos" errors={errors} />
        <input
          type="file"
          accept="image/*"
          multiple
          {...control("photos", errors)}
          aria-describedby={errors?.photos ? "photos-hint photos-error" : "photos-hint"}
        />
      </div>
      <button type="submit">{t("duty.self.submit")}</button>
    </form>
  );
}

/** The pass as the card carries it, large on a white ground so that a scanner reads it off a screen. */
function OwnPass({ view, t }: { view: PersonalView; t: Translate }) {
  if (!view.pass) return <p>{t("duty.self.pass.none")}</p>;
  return (
    <div className="pass">
      <p className="pass-show">{t("duty.self.pass.show")}</p>
      <div
        className="pass-qr"
        role="img"
        aria-label={t("duty.self.pass.qr")}
        // The SVG is qrcode's own output for our code, not user input.
        dangerouslySetInnerHTML={{ __html: view.pass.qr }}
      />
      <p className="pass-name">{view.name}</p>
      <p className="pass-code">
        {t("duty.self.pass.code")}
        {t("common.colon")}
        <PassCode className="pass-code-value" text={view.pass.code} />
      </p>
    </div>
  );
}

function PersonalPage({ view }: { view: PersonalView }) {
  const t = translator(view.lang);
  const short = view.targetMinutes - view.totalMinutes;
  const hours = (minutes: number) => t("duty.hours", { hours: hoursNumber(view.lang, minutes) });
  return (
    <html lang={view.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${view.name} · ${t("duty.self.title")}`}</title>
        <style dangerouslySetInnerHTML={{ __html: PERSONAL_STYLE }} />
      </head>
      <body>
        <main>
          <form method="post" action="/lang">
            <input type="hidden" name="lang" value={view.lang === "en" ? "zh-CN" : "en"} />
            <input type="hidden" name="next" value={view.path} />
            <button type="submit" className="lang">
              <span lang={view.lang === "en" ? "zh-CN" : "en"}>{t("lang.switch")}</span>
            </button>
          </form>
          <p className="hint">{t("duty.self.title")}</p>
          <h1>{view.name}</h1>
          <p className="meta">{view.villageName}</p>
          <p className="hint">
            {t("duty.self.validUntil", { date: day(view.lang, view.lastDay) })}
          </p>
          <p>
            <a href="#new">{t("duty.self.new")}</a>
          </p>

          <h2>{t("duty.self.pass.title")}</h2>
          <OwnPass view={view} t={t} />
          {view.sent ? (
            <p className="sent" role="status">
              {t("duty.self.sent")}
            </p>
          ) : null}

          <h2>{t("duty.trainingsOfYear", { year: String(view.year) })}</h2>
          <p className="total">
            {t("duty.totalAgainstTarget", {
              total: hours(view.totalMinutes),
              target: hours(view.targetMinutes),
            })}{" "}
            <span className={short > 0 ? "short" : "met"}>
              {short > 0 ? t("duty.shortBy", { hours: hours(short) }) : t("duty.met")}
            </span>
          </p>
          {view.trainings.length === 0 ? (
            <p>{t("duty.noTrainings")}</p>
          ) : (
            <ul>
              {view.trainings.map((training) => (
                <li key={training.eventId}>
                  {formatDate(view.lang, training.startsAt)} · {training.title} ·{" "}
                  {hours(training.minutes)}
                </li>
              ))}
            </ul>
          )}

          <h2>{t("duty.self.entries")}</h2>
          {view.entries.length === 0 ? (
            <p>{t("duty.noEntries")}</p>
          ) : (
            <ul>
              {view.entries.map((entry) => (
                <li key={entry.id}>
                  <span className={`tag ${entry.status}`}>{t(`duty.status.${entry.status}`)}</span>{" "}
                  {day(view.lang, entry.occurredOn)} · {t(`duty.kind.${entry.kind}`)} ·{" "}
                  {entry.served}
                  <br />
                  {entry.content}
                  {entry.status === "returned" && entry.returnReason ? (
                    <>
                      <br />
                      <strong>{t("duty.returnReason")}</strong>
                      {t("common.colon")}
                      {entry.returnReason}
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}

          <h2 id="new">{t("duty.self.new")}</h2>
          <p className="hint">{t("duty.self.newHint")}</p>
          <EntryForm view={view} t={t} />
        </main>
      </body>
    </html>
  );
}

export function renderPersonalPage(view: PersonalView) {
  return `<!doctype html>${renderToStaticMarkup(<PersonalPage view={view} />)}`;
}
