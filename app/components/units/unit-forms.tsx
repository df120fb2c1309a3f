import { Form } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/form";
import { UnitOptions } from "~/components/unit-select";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import type { PastedLine } from "~/lib/unit-schema";
import { PASTE_MAX_LINES } from "~/lib/unit-schema";
import { useI18n } from "~/lib/use-i18n";

// The forms of a unit's page, one component each: add below, paste villages, rename or move,
// retire, restore or delete.

type Unit = { id: number; name: string; level: string; parentId: number | null; retired: boolean };
type Failure = {
  errors: FieldErrors;
  values: Record<string, string>;
  counts?: Record<string, number> | null;
};
type Manage = {
  ownUnit: boolean;
  parents: { id: number; name: string; level: string; depth: number }[];
  records: Record<string, number>;
  hasRecords: boolean;
};

/** "3 场活动（主办）、12 条签到" from counts by kind: what stands in the way, in words. */
export function RecordCounts({ counts, id }: { counts: Record<string, number>; id?: string }) {
  const { t } = useI18n();
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return (
    <ul className="record-counts" id={id}>
      {entries.map(([kind, n]) => {
        const key = `units.records.${kind}`;
        return <li key={kind}>{isMessageKey(key) ? t(key, { count: n }) : `${kind}: ${n}`}</li>;
      })}
    </ul>
  );
}

function FormError({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="error" id={id} role="alert">
      {t(isMessageKey(error) ? error : "form.invalidChoice")}
    </p>
  );
}

export function AddBelowForm({ unit, failed }: { unit: Unit; failed?: Failure }) {
  const { t } = useI18n();
  const title: MessageKey =
    unit.level === "district" ? "units.addSubdistrictTo" : "units.addVillageTo";
  return (
    <section className="card" aria-labelledby="add-below">
      <h2 id="add-below">{t(title, { parent: unit.name })}</h2>
      <ErrorSummary errors={failed?.errors} labels={{ name: "units.name" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <Field
          name="name"
          label="units.name"
          error={failed?.errors.name ?? failed?.errors.parentId}
          defaultValue={failed?.values.name}
          maxLength={40}
        />
        <button type="submit">{t(title, { parent: unit.name })}</button>
      </Form>
    </section>
  );
}

const statusKey = (line: PastedLine): MessageKey => {
  if (line.status === "bad") return `units.paste.bad.${line.problem}`;
  return `units.paste.${line.status}`;
};

export function PasteVillagesForm({
  unit,
  answer,
}: {
  unit: Unit;
  answer?: {
    ok: boolean;
    preview: PastedLine[] | null;
    values: Record<string, string>;
  } & Partial<Failure>;
}) {
  const { t } = useI18n();
  const preview = answer?.preview ?? null;
  const text = answer?.values.names ?? "";
  const count = (status: PastedLine["status"]) =>
    preview?.filter((line) => line.status === status).length ?? 0;
  const ready = preview !== null && count("bad") === 0 && count("new") > 0;
  return (
    <section className="card" aria-labelledby="paste-villages">
      <h2 id="paste-villages">{t("units.paste.title", { parent: unit.name })}</h2>
      <Form method="post" noValidate>
        <Field
          name="names"
          label="units.paste.label"
          hint="units.paste.hint"
          error={answer?.errors?.names}
        >
          {(control) => <textarea {...control} rows={8} defaultValue={text} key={text} />}
        </Field>
        <p className="hint">{t("units.paste.limits", { lines: PASTE_MAX_LINES })}</p>
        <button type="submit" name="intent" value="pastePreview">
          {t("units.paste.preview")}
        </button>
      </Form>
      {preview ? (
        <>
          <h3 id="paste-preview">{t("units.paste.previewTitle")}</h3>
          <p role="status">
            {t("units.paste.summary", {
              new: count("new"),
              exists: count("exists"),
              repeated: count("repeated"),
              bad: count("bad"),
            })}
          </p>
          <div className="table-wrap">
            <table aria-labelledby="paste-preview">
              <thead>
                <tr>
                  <th scope="col">{t("units.paste.line")}</th>
                  <th scope="col">{t("units.name")}</th>
                  <th scope="col">{t("units.paste.result")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((line) => (
                  <tr key={line.line} className={line.status === "bad" ? "row-error" : undefined}>
                    <td>{line.line}</td>
                    <td>{line.name}</td>
                    <td>
                      {t(statusKey(line), {
                        line: line.status === "repeated" ? line.firstLine : line.line,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {ready ? (
            <Form method="post">
              <input type="hidden" name="names" value={text} />
              <button type="submit" name="intent" value="pasteCreate">
                {t("units.paste.create", { count: count("new"), parent: unit.name })}
              </button>
            </Form>
          ) : (
            <p>{t(count("bad") > 0 ? "units.paste.fixBad" : "units.paste.nothingNew")}</p>
          )}
        </>
      ) : null}
    </section>
  );
}

export function EditUnitForm({
  unit,
  manage,
  failed,
}: {
  unit: Unit;
  manage: Manage;
  failed?: Failure;
}) {
  const { t } = useI18n();
  const errors = failed?.errors;
  return (
    <section className="card" aria-labelledby="edit-unit">
      <h2 id="edit-unit">{t(manage.ownUnit ? "units.rename" : "units.edit")}</h2>
      <ErrorSummary
        errors={errors}
        labels={{
          name: "units.name",
          parentId: "units.parent",
          confirmVillageUnderDistrict: "units.confirmVillageUnderDistrict",
        }}
      />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="edit" />
        <Field
          name="name"
          label="units.name"
          error={errors?.name}
          defaultValue={failed?.values.name ?? unit.name}
          maxLength={40}
        />
        {manage.ownUnit ? null : (
          <>
            <Field
              name="parentId"
              label="units.parent"
              hint="units.moveHint"
              error={errors?.parentId}
            >
              {(control) => (
                <select
                  {...control}
                  aria-describedby={
                    [control["aria-describedby"], failed?.counts ? "move-counts" : null]
                      .filter(Boolean)
                      .join(" ") || undefined
                  }
                  defaultValue={failed?.values.parentId ?? String(unit.parentId ?? "")}
                >
                  <UnitOptions units={manage.parents} />
                </select>
              )}
            </Field>
            {failed?.counts ? <RecordCounts counts={failed.counts} id="move-counts" /> : null}
            {unit.level === "village" ? (
              <VillageUnderDistrictTick error={errors?.confirmVillageUnderDistrict} />
            ) : null}
          </>
        )}
        <button type="submit">{t("units.save")}</button>
      </Form>
    </section>
  );
}

/** The tick that a village directly under a district needs: the one exception, asked for. */
export function VillageUnderDistrictTick({ error }: { error?: string }) {
  const { t } = useI18n();
  const errorId = error ? "confirmVillageUnderDistrict-error" : undefined;
  return (
    <div className={error ? "field field-error" : "field"}>
      <FormError id="confirmVillageUnderDistrict-error" error={error} />
      <label className="check">
        <input
          type="checkbox"
          id="confirmVillageUnderDistrict"
          name="confirmVillageUnderDistrict"
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
        />{" "}
        {t("units.confirmVillageUnderDistrict")}
      </label>
    </div>
  );
}

export function EndUnitForm({
  unit,
  manage,
  failed,
}: {
  unit: Unit;
  manage: Manage;
  failed?: Failure;
}) {
  const { t } = useI18n();
  const intent = unit.retired ? "restore" : manage.hasRecords ? "retire" : "delete";
  const error = failed?.errors[intent];
  return (
    <section className="card" aria-labelledby="end-unit">
      <h2 id="end-unit">{t(`units.end.${intent}.title`)}</h2>
      <p id="end-unit-about">{t(`units.end.${intent}.about`)}</p>
      {intent === "retire" ? <RecordCounts counts={manage.records} /> : null}
      <Form method="post">
        <FormError id="end-unit-error" error={error} />
        {failed?.counts ? <RecordCounts counts={failed.counts} /> : null}
        <button
          type="submit"
          name="intent"
          value={intent}
          aria-describedby={["end-unit-about", error ? "end-unit-error" : null]
            .filter(Boolean)
            .join(" ")}
        >
          {t(`units.end.${intent}.button`)}
        </button>
      </Form>
    </section>
  );
}
