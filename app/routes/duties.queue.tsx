import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { reviewDutyEntry } from "~/.server/records/duty-review";
import { listDuties } from "~/.server/records/duties";
import { formatDay } from "~/.server/records/shown";
import { getLang, redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { DutyEntryText } from "~/components/duty-entry";
import { dutyReviewSchema } from "~/lib/duty-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.queue.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const list = await listDuties(db, {
    scopePath: user.unitPath,
    filter: { status: "pending" },
    page: 1,
    pageSize: PAGE_SIZE,
    oldestFirst: true,
  });
  const canManage = hasRole(user, rolesFor.manageLearners);
  return {
    canManage,
    total: list.total,
    entries: list.entries.map(({ occurredOn, ...entry }) => ({
      ...entry,
      date: formatDay(lang, occurredOn),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, dutyReviewSchema);
  if (!parsed.ok) return data({ ...parsed, entryId: form.get("entryId") }, 400);
  const review = parsed.data;
  const actor = actorOf(user, context);
  const result = await submit(form, () =>
    review.intent === "confirm"
      ? reviewDutyEntry(db, { actor, entryId: review.entryId, decision: "confirm" })
      : reviewDutyEntry(db, {
          actor,
          entryId: review.entryId,
          decision: "return",
          reason: review.reason,
        }),
  );
  if (!result.ok) return data({ ...result, entryId: String(review.entryId) }, 409);
  return redirectWithFlash("/duties/queue", {
    key: review.intent === "confirm" ? "duty.queue.confirmed" : "duty.queue.returned",
  });
}

export default function DutyQueue() {
  const { t } = useI18n();
  const { canManage, total, entries } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/duties">{t("duty.title")}</Link>
      </p>
      <h1>{t("duty.queue.title")}</h1>
      <p>{t("duty.queue.count", { count: total })}</p>
      <ol className="duty-list" aria-label={t("duty.queue.title")}>
        {entries.map((entry) => {
          const errors = failed && failed.entryId === String(entry.id) ? failed.errors : undefined;
          return (
            <li key={entry.id} className="duty-entry">
              <DutyEntryText entry={entry} heading />
              {errors?.form ? (
                <p className="error" role="alert">
                  {t(errors.form)}
                </p>
              ) : null}
              {canManage ? (
                <div className="review-forms">
                  <Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    <input type="hidden" name="entryId" value={entry.id} />
                    <button type="submit">{t("duty.queue.confirm")}</button>
                  </Form>
                  <Form method="post" noValidate className="return-form">
                    <input type="hidden" name="intent" value="return" />
                    <input type="hidden" name="entryId" value={entry.id} />
                    <div className={errors?.reason ? "field field-error" : "field"}>
                      <label htmlFor={`reason-${entry.id}`}>{t("duty.queue.reason")}</label>
                      {errors?.reason ? (
                        <p className="error" id={`reason-${entry.id}-error`}>
                          {t(errors.reason)}
                        </p>
                      ) : null}
                      <input
                        id={`reason-${entry.id}`}
                        name="reason"
                        maxLength={200}
                        aria-invalid={errors?.reason ? true : undefined}
                        aria-describedby={errors?.reason ? `reason-${entry.id}-error` : undefined}
                      />
                    </div>
                    <button type="submit" className="secondary">
                      {t("duty.queue.return")}
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
