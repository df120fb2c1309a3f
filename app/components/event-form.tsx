import { Form } from "@remix-run/react";
import { audienceGroups, eventSettings, speakerRoles } from "../../db/schema";
import { EventStudyFields, hoursText } from "~/components/event-study-fields";
import { ErrorSummary, Field } from "~/components/form";
import { UnitOptions } from "~/components/unit-select";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey, localName } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import {
  DEFAULT_CLOSES_MINUTES_AFTER,
  DEFAULT_OPENS_MINUTES_BEFORE,
  internalFormats,
  publicFormats,
} from "~/lib/event-schema";
import { isoToShanghaiLocal } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";

export type EventFormValues = Record<string, string>;

type Options = {
  units: { id: number; name: string; level: string; depth: number }[];
  villages: { id: number; label: string }[];
  campaigns: { id: number; name: string; name_en: string | null; year: number }[];
};

const labels: Record<string, MessageKey> = {
  title: "event.title",
  format: "event.format",
  setting: "event.setting",
  campaignId: "event.campaign",
  hostUnitId: "event.hostUnit",
  villageId: "event.village",
  venue: "event.venue",
  startsAt: "event.startsAt",
  endsAt: "event.endsAt",
  opensMinutesBefore: "event.opensMinutesBefore",
  closesMinutesAfter: "event.closesMinutesAfter",
  audience: "event.audience",
  laws: "event.laws",
  speaker: "event.speaker",
  speakerRole: "event.speakerRole",
  capacity: "event.capacity",
  visibility: "event.visibility",
  description: "event.description",
  invitees: "event.invitees",
  creditMinutes: "study.event.creditHours",
  studyKind: "study.event.studyKind",
  chair: "study.event.chair",
  minutes: "study.event.minutes",
};

type StoredEvent = {
  title: string;
  format: string;
  setting: string | null;
  campaign_id: number | null;
  host_unit_id: number;
  village_id: number | null;
  venue: string;
  starts_at: string;
  ends_at: string;
  laws: string | null;
  speaker: string | null;
  speaker_role: string | null;
  capacity: number | null;
  visibility: string;
  description: string | null;
  rotating_qr: number;
  opens_minutes_before: number;
  closes_minutes_after: number;
  training: number;
  credit_minutes: number | null;
  passes_only: number;
  study_kind: string | null;
  chair: string | null;
  minutes: string | null;
  invitees: { name: string; phone: string | null }[];
};

/** A stored event as the strings its form shows (times in Asia/Shanghai). */
export function eventFormValues(event: StoredEvent): EventFormValues {
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  return {
    title: event.title,
    format: event.format,
    setting: text(event.setting),
    campaignId: text(event.campaign_id),
    hostUnitId: String(event.host_unit_id),
    villageId: text(event.village_id),
    venue: event.venue,
    startsAt: isoToShanghaiLocal(event.starts_at),
    endsAt: isoToShanghaiLocal(event.ends_at),
    laws: text(event.laws),
    speaker: text(event.speaker),
    speakerRole: text(event.speaker_role),
    capacity: text(event.capacity),
    visibility: event.visibility,
    description: text(event.description),
    rotatingQr: event.rotating_qr === 1 ? "on" : "",
    opensMinutesBefore: String(event.opens_minutes_before),
    closesMinutesAfter: String(event.closes_minutes_after),
    invitees: event.invitees.map((person) => `${person.name} ${person.phone ?? ""}`).join("\n"),
    training: event.training === 1 ? "on" : "",
    creditMinutes: hoursText(event.credit_minutes),
    passesOnly: event.passes_only === 1 ? "on" : "",
    studyKind: text(event.study_kind),
    chair: text(event.chair),
    minutes: text(event.minutes),
  };
}

/**
 * Public or internal, chosen first: the fields only an internal event has sit in one fieldset the
 * stylesheet hides while "public" is checked (CSS :has, so it works before and without
 * JavaScript; a browser without :has shows them, and the server ignores them for a public event).
 */
function VisibilityChoice({ value, error }: { value: string; error?: string }) {
  const { t } = useI18n();
  return (
    <fieldset
      id="visibility"
      tabIndex={-1}
      className={error ? "field field-error" : "field"}
      aria-describedby={error ? "visibility-error" : undefined}
    >
      <legend>{t("event.visibility")}</legend>
      {error ? (
        <p className="error" id="visibility-error">
          {t(isMessageKey(error) ? error : "form.invalidChoice")}
        </p>
      ) : null}
      {(["public", "internal"] as const).map((visibility) => (
        <label key={visibility} className="choice">
          <input
            type="radio"
            name="visibility"
            value={visibility}
            defaultChecked={value === visibility}
            aria-describedby={`visibility-${visibility}-hint`}
          />{" "}
          {t(`visibility.${visibility}`)}
          <span className="hint" id={`visibility-${visibility}-hint`}>
            {t(`events.visibilityHint.${visibility}`)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The organiser's event form, for a new event (draft or publish) and for editing one. */
export function EventForm({
  options,
  values,
  audience,
  errors,
  mode,
  canPublish = false,
}: {
  options: Options;
  values: EventFormValues;
  audience: string[];
  errors?: FieldErrors;
  mode: "new" | "edit";
  canPublish?: boolean;
}) {
  const { t, lang } = useI18n();
  const audienceError = errors?.audience;
  const chooseNone = <option value="">{t("event.none")}</option>;
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <VisibilityChoice value={values.visibility ?? "public"} error={errors?.visibility} />
        <Field
          name="title"
          label="event.title"
          defaultValue={values.title}
          error={errors?.title}
          maxLength={80}
        />
        <Field name="format" label="event.format" error={errors?.format}>
          {(control) => (
            <select {...control} defaultValue={values.format ?? ""}>
              <option value="" disabled>
                {t("events.choose")}
              </option>
              <optgroup label={t("events.publicFormats")}>
                {publicFormats.map((format) => (
                  <option key={format} value={format}>
                    {t(`format.${format}`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("events.internalFormats")}>
                {internalFormats.map((format) => (
                  <option key={format} value={format}>
                    {t(`format.${format}`)}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field name="setting" label="event.setting" error={errors?.setting}>
          {(control) => (
            <select {...control} defaultValue={values.setting ?? ""}>
              {chooseNone}
              {eventSettings.map((setting) => (
                <option key={setting} value={setting}>
                  {t(`setting.${setting}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="campaignId" label="event.campaign" error={errors?.campaignId}>
          {(control) => (
            <select {...control} defaultValue={values.campaignId ?? ""}>
              {chooseNone}
              {options.campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.year} {localName(lang, campaign.name, campaign.name_en)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="hostUnitId" label="event.hostUnit" error={errors?.hostUnitId}>
          {(control) => (
            <select {...control} defaultValue={values.hostUnitId ?? ""}>
              <UnitOptions units={options.units} />
            </select>
          )}
        </Field>
        <Field name="villageId" label="event.village" error={errors?.villageId}>
          {(control) => (
            <select {...control} defaultValue={values.villageId ?? ""}>
              {chooseNone}
              {options.villages.map((village) => (
                <option key={village.id} value={village.id}>
                  {village.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="venue"
          label="event.venue"
          defaultValue={values.venue}
          error={errors?.venue}
          maxLength={100}
        />
        <Field
          name="startsAt"
          label="event.startsAt"
          type="datetime-local"
          hint="events.timeHint"
          defaultValue={values.startsAt}
          error={errors?.startsAt}
        />
        <Field
          name="endsAt"
          label="event.endsAt"
          type="datetime-local"
          hint="events.timeHint"
          defaultValue={values.endsAt}
          error={errors?.endsAt}
        />
        <fieldset className="field" aria-describedby="checkin-window-hint">
          <legend>{t("event.checkinWindow")}</legend>
          <p className="hint" id="checkin-window-hint">
            {t("event.checkinWindowHint")}
          </p>
          <Field
            name="opensMinutesBefore"
            label="event.opensMinutesBefore"
            inputMode="numeric"
            defaultValue={values.opensMinutesBefore ?? String(DEFAULT_OPENS_MINUTES_BEFORE)}
            error={errors?.opensMinutesBefore}
          />
          <Field
            name="closesMinutesAfter"
            label="event.closesMinutesAfter"
            inputMode="numeric"
            defaultValue={values.closesMinutesAfter ?? String(DEFAULT_CLOSES_MINUTES_AFTER)}
            error={errors?.closesMinutesAfter}
          />
        </fieldset>
        <fieldset
          id="audience"
          tabIndex={-1}
          className={audienceError ? "field field-error" : "field"}
          aria-describedby={audienceError ? "audience-error" : undefined}
        >
          <legend>{t("event.audience")}</legend>
          {audienceError ? (
            <p className="error" id="audience-error">
              {t(isMessageKey(audienceError) ? audienceError : "form.invalidChoice")}
            </p>
          ) : null}
          {audienceGroups.map((group) => (
            <label key={group}>
              <input
                type="checkbox"
                name="audience"
                value={group}
                defaultChecked={audience.includes(group)}
                aria-invalid={audienceError ? true : undefined}
                aria-describedby={audienceError ? "audience-error" : undefined}
              />{" "}
              {t(`group.${group}`)}
            </label>
          ))}
        </fieldset>
        <Field
          name="laws"
          label="event.laws"
          hint="events.lawsHint"
          defaultValue={values.laws}
          error={errors?.laws}
        />
        <Field
          name="speaker"
          label="event.speaker"
          defaultValue={values.speaker}
          error={errors?.speaker}
        />
        <Field name="speakerRole" label="event.speakerRole" error={errors?.speakerRole}>
          {(control) => (
            <select {...control} defaultValue={values.speakerRole ?? ""}>
              {chooseNone}
              {speakerRoles.map((role) => (
                <option key={role} value={role}>
                  {t(`speakerRole.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="capacity"
          label="event.capacity"
          inputMode="numeric"
          defaultValue={values.capacity}
          error={errors?.capacity}
        />
        <Field name="description" label="event.description" error={errors?.description}>
          {(control) => <textarea {...control} rows={5} defaultValue={values.description} />}
        </Field>
        <div className="field">
          <label>
            <input type="checkbox" name="rotatingQr" defaultChecked={values.rotatingQr === "on"} />{" "}
            {t("event.rotatingQr")}
          </label>
        </div>
        <fieldset className="field internal-only">
          <legend>{t("events.internalFields")}</legend>
          <p className="hint">{t("events.internalFieldsHint")}</p>
          <Field
            name="invitees"
            label="event.invitees"
            hint="event.inviteesHint"
            error={errors?.invitees}
          >
            {(control) => <textarea {...control} rows={4} defaultValue={values.invitees} />}
          </Field>
          <EventStudyFields values={values} errors={errors} />
        </fieldset>
        <div className="actions">
          {mode === "new" ? (
            <>
              <button type="submit" name="intent" value="publish">
                {t("events.publish")}
              </button>
              <button type="submit" name="intent" value="draft" className="secondary">
                {t("events.saveDraft")}
              </button>
            </>
          ) : (
            <>
              {/* A draft (a copy, say) is saved and published in one step. */}
              {canPublish ? (
                <button type="submit" name="intent" value="publish">
                  {t("events.publish")}
                </button>
              ) : null}
              <button
                type="submit"
                name="intent"
                value="save"
                className={canPublish ? "secondary" : undefined}
              >
                {t("events.save")}
              </button>
            </>
          )}
        </div>
      </Form>
    </>
  );
}
