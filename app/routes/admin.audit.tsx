import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listAudit, listAuditActions } from "~/.server/audit/audit-log";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { Field } from "~/components/form";
import { auditOutcomes } from "../../db/schema";
import type { MessageKey } from "~/lib/i18n";
import { formatDateTime, isMessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { auditFilterSchema, fieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("audit.title");

const PAGE_SIZE = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  const filter = parsed.success ? parsed.data : {};
  const [entries, actions] = await Promise.all([
    listAudit(db, {
      scopePath: user.unitPath,
      isTopLevel: user.isTopLevel,
      filter,
      limit: PAGE_SIZE,
    }),
    listAuditActions(db),
  ]);
  return {
    entries,
    actions,
    query,
    errors: parsed.success ? {} : fieldErrors(parsed.error),
  };
}

export default function AuditLog() {
  const { t, lang } = useI18n();
  const { entries, actions, query, errors } = useLoaderData<typeof loader>();
  const actionLabel = (action: string) => {
    const key = `action.${action}`;
    return isMessageKey(key) ? t(key) : action;
  };
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.retention")}</p>
      <Form method="get" className="card">
        <div className="filters">
          <Field name="action" label="audit.action">
            {(control) => (
              <select {...control} defaultValue={query.action ?? ""}>
                <option value="">{t("audit.any")}</option>
                {actions.map((action) => (
                  <option key={action} value={action}>
                    {actionLabel(action)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="outcome" label="audit.outcome">
            {(control) => (
              <select {...control} defaultValue={query.outcome ?? ""}>
                <option value="">{t("audit.any")}</option>
                {auditOutcomes.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {t(`outcome.${outcome}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="actor"
            label="audit.actor"
            defaultValue={query.actor ?? ""}
            autoComplete="off"
          />
          <Field
            name="from"
            label="audit.from"
            type="date"
            defaultValue={query.from ?? ""}
            error={errors.from}
          />
          <Field
            name="to"
            label="audit.to"
            type="date"
            defaultValue={query.to ?? ""}
            error={errors.to}
          />
        </div>
        <button type="submit">{t("audit.filter")}</button>
      </Form>
      {entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("audit.showing", { count: entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.outcome")}</th>
                <th scope="col">{t("audit.ip")}</th>
                <th scope="col">{t("audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(lang, entry.at)}</td>
                  <td>{entry.actor_username}</td>
                  <td>{actionLabel(entry.action)}</td>
                  <td>{entry.target}</td>
                  <td>{t(`outcome.${entry.outcome}` as MessageKey)}</td>
                  <td>{entry.ip}</td>
                  <td>{entry.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
