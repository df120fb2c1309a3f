import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { listPassHolders, missingPasses } from "~/.server/passes/cards";
import { issueMissingPasses } from "~/.server/passes/issue";
import { getLang, redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { Field } from "~/components/form";
import { IssueMissingForm, MissingNote } from "~/components/pass-missing";
import { isMessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { passFilterSchema, passListActionSchema } from "~/lib/pass-schema";
import { formatDate } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import passStyles from "~/styles/passes.css?url";

export const meta = pageTitle("pass.listTitle");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: passStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const filter = passFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const unitId = filter.unit ?? undefined;
  const [{ rows, units }, missing] = await Promise.all([
    listPassHolders(db, {
      scopePath: user.unitPath,
      unitId,
      kind: filter.kind,
      status: filter.status,
    }),
    missingPasses(db, { scopePath: user.unitPath, unitId }),
  ]);
  return {
    rows: rows.map(({ issuedAt, ...row }) => ({
      ...row,
      issuedOn: issuedAt ? formatDate(lang, issuedAt) : null,
    })),
    units,
    filter,
    missing,
    canWrite: hasRole(user, rolesFor.manageLearners),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, passListActionSchema);
  if (!parsed.ok) return data(parsed, 400);
  const { unitId } = parsed.data;
  const result = await submit(form, () =>
    issueMissingPasses(db, { actor: actorOf(user, context), unitId }),
  );
  if (!result.ok) return data(result, 400);
  const { issued, unitName } = result.value;
  return redirectWithFlash(
    unitId === null ? "/passes" : `/passes?unit=${unitId}`,
    issued > 0
      ? { key: "pass.issuedMissing", values: { count: issued, unit: unitName } }
      : { key: "pass.issuedNone", values: { unit: unitName } },
  );
}

/** The filters: a GET form, so it works without JavaScript and the address can be shared. */
function Filters({ units }: { units: { id: number; label: string }[] }) {
  const { t } = useI18n();
  const { filter } = useLoaderData<typeof loader>();
  return (
    <Form method="get" className="pass-filters" aria-label={t("pass.filter")}>
      <Field name="unit" label="pass.filterUnit">
        {(control) => (
          <select {...control} defaultValue={filter.unit ?? ""}>
            <option value="">{t("pass.filterAll")}</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="kind" label="pass.filterKind">
        {(control) => (
          <select {...control} defaultValue={filter.kind ?? ""}>
            <option value="">{t("pass.filterAll")}</option>
            <option value="legal_savvy">{t("pass.kind.legal_savvy")}</option>
            <option value="cadre">{t("pass.kind.cadre")}</option>
          </select>
        )}
      </Field>
      <Field name="status" label="pass.filterStatus">
        {(control) => (
          <select {...control} defaultValue={filter.status ?? ""}>
            <option value="">{t("pass.filterAll")}</option>
            <option value="active">{t("pass.status.active")}</option>
            <option value="missing">{t("pass.status.missing")}</option>
          </select>
        )}
      </Field>
      <button type="submit" className="secondary">
        {t("pass.filterApply")}
      </button>
    </Form>
  );
}

export default function Passes() {
  const { t } = useI18n();
  const { rows, units, filter, missing, canWrite } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const roleOf = (role: string) => {
    const key = `pass.category.${role}`;
    return isMessageKey(key) ? t(key) : role;
  };
  return (
    <>
      <h1>{t("pass.listTitle")}</h1>
      <p>{t("pass.listIntro")}</p>
      <Filters units={units} />
      {canWrite ? (
        <p>
          <Link
            className="button secondary"
            to={filter.unit ? `/passes/sheet?village=${filter.unit}` : "/passes/sheet"}
          >
            {t("pass.sheet")}
          </Link>
        </p>
      ) : null}
      <MissingNote {...missing} />
      {canWrite && (missing.issuable > 0 || failed) ? (
        <IssueMissingForm
          unitId={filter.unit ?? null}
          count={missing.issuable}
          errors={failed?.errors}
        />
      ) : null}
      <p aria-live="polite">{t("pass.count", { count: rows.length })}</p>
      {rows.length === 0 ? (
        <p>{t("pass.noHolders")}</p>
      ) : (
        <ul className="pass-list">
          {rows.map((row) => (
            <li key={row.personId}>
              <Link to={`/passes/${row.personId}`}>
                <strong>{row.name}</strong>
              </Link>{" "}
              · {row.unitName}
              <br />
              {t(`pass.kind.${row.kind}`)} · {roleOf(row.role)} ·{" "}
              {row.issuedOn ? (
                t("pass.issuedOn", { date: row.issuedOn })
              ) : (
                <span className="tag">{t("pass.none")}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? null : <p>{t("pass.readOnly")}</p>}
    </>
  );
}
