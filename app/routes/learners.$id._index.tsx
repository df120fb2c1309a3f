import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { env } from "~/.server/env";
import { idParam } from "~/.server/errors";
import { publicBase } from "~/.server/events/poster";
import { qrSvg } from "~/.server/events/qr";
import { parseForm, readForm, submit } from "~/.server/forms";
import { learnerRecord } from "~/.server/records/learner-record";
import {
  issuePersonalLink,
  renewPersonalLink,
  revokePersonalLink,
} from "~/.server/records/personal-link";
import { formatDay, shownRecord, yearsToOffer } from "~/.server/records/shown";
import { getLang, redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import {
  DutyList,
  HoursAgainstTarget,
  ShareLinkButtons,
  TrainingTable,
  YearPicker,
} from "~/components/learner-record";
import { personalLinkActionSchema, yearSchema } from "~/lib/duty-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.person.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const id = idParam(params.id);
  const year = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? undefined);
  const record = await learnerRecord(db, {
    id,
    scopePath: user.unitPath,
    year: year.success ? year.data : yearsToOffer()[0]!,
  });
  const canManage = hasRole(user, rolesFor.manageLearners);
  return {
    record: shownRecord(lang, record),
    years: yearsToOffer(),
    canManage,
    linkDays: env.PERSONAL_LINK_DAYS,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, personalLinkActionSchema);
  if (!parsed.ok) return data({ ...parsed, issued: null }, 400);
  const actor = actorOf(user, context);
  if (parsed.data.intent === "revokeLink") {
    const revoked = await revokePersonalLink(db, { actor, legalSavvyId: id });
    return redirectWithFlash(`/learners/${id}`, {
      key: revoked ? "duty.link.revoked" : "duty.link.noneToRevoke",
    });
  }
  if (parsed.data.intent === "renewLink") {
    const renewed = await submit(form, () => renewPersonalLink(db, { actor, legalSavvyId: id }));
    if (!renewed.ok) return data({ ...renewed, issued: null }, 409);
    if (!renewed.value)
      return redirectWithFlash(`/learners/${id}`, { key: "duty.link.noneToRenew" });
    const until = formatDay(await getLang(request), renewed.value.lastDay);
    return redirectWithFlash(`/learners/${id}`, { key: "duty.link.renewed", values: { until } });
  }
  const result = await submit(form, () => issuePersonalLink(db, { actor, legalSavvyId: id }));
  if (!result.ok) return data({ ...result, issued: null }, 409);
  // Shown once, in this answer only: the database keeps nothing it could be read from again.
  const url = `${publicBase(request)}/m/${result.value}`;
  const qr = Buffer.from(await qrSvg(url)).toString("base64");
  return {
    ok: true as const,
    errors: {},
    issued: { url, qr: `data:image/svg+xml;base64,${qr}` },
  };
}

export default function LearnerPage() {
  const { t } = useI18n();
  const { record, years, canManage, linkDays } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { learner } = record;
  const issued = answer && "issued" in answer ? answer.issued : null;
  const linkError = answer && !answer.ok ? answer.errors.form : undefined;
  return (
    <>
      <p>
        <Link to="/learners">{t("duty.person.back")}</Link>
      </p>
      <h1>{learner.name}</h1>
      {/* The link is what staff come here to hand over: first, before the details. */}
      <section className="card" aria-labelledby="link">
        <h2 id="link">{t("duty.link.title")}</h2>
        <p className="hint">{t("duty.link.explain")}</p>
        {issued ? (
          <div className="link-issued" role="status">
            <p>
              <strong>{t("duty.link.onceOnly")}</strong>
            </p>
            <p className="link-url">
              <a href={issued.url}>{issued.url}</a>
            </p>
            <ShareLinkButtons
              url={issued.url}
              title={t("roster.link.shareTitle", { name: learner.name })}
            />
            <img
              src={issued.qr}
              alt={t("duty.link.qrAlt", { name: learner.name })}
              width={220}
              height={220}
            />
          </div>
        ) : null}
        {record.link ? (
          <p className={record.link.expired ? "link-status expired" : "link-status"}>
            {t(record.link.expired ? "duty.link.expired" : "duty.link.active", {
              date: record.link.issuedAt,
              until: record.link.until,
            })}
          </p>
        ) : issued ? null : (
          <p className="link-status">{t("duty.link.none")}</p>
        )}
        {linkError ? (
          <p className="error" role="alert">
            {t(linkError as "duty.link.notActive")}
          </p>
        ) : null}
        {canManage && learner.status === "active" ? (
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="issueLink" />
              <button type="submit">
                {t(record.link || issued ? "duty.link.reissue" : "duty.link.issue")}
              </button>
            </Form>
            {record.link ? (
              <Form method="post">
                <input type="hidden" name="intent" value="renewLink" />
                <button type="submit" className="secondary">
                  {t("duty.link.renew")}
                </button>
              </Form>
            ) : null}
            {record.link || issued ? (
              <Form method="post">
                <input type="hidden" name="intent" value="revokeLink" />
                <button type="submit" className="secondary">
                  {t("duty.link.revoke")}
                </button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {canManage && (record.link || issued) ? (
          <p className="hint">{t("duty.link.reissueHint")}</p>
        ) : null}
        {canManage && learner.status === "active" && record.link ? (
          <p className="hint">{t("duty.link.renewHint", { count: linkDays })}</p>
        ) : null}
      </section>
      <dl className="learner-details">
        <dt>{t("duty.person.phone")}</dt>
        <dd>{learner.phone || t("duty.notGiven")}</dd>
        <dt>{t("duty.person.village")}</dt>
        <dd>{learner.villageName}</dd>
        <dt>{t("duty.person.category")}</dt>
        <dd>{t(`duty.category.${learner.category}`)}</dd>
        <dt>{t("duty.person.status")}</dt>
        <dd>
          {learner.status === "active"
            ? t("duty.person.active")
            : t("duty.person.retired", {
                date: learner.retiredOn ?? "",
                reason: learner.retireReason ?? "",
              })}
        </dd>
        <dt>{t("duty.person.recognisedOn")}</dt>
        <dd>{learner.recognisedOn ?? t("duty.notGiven")}</dd>
        <dt>{t("duty.person.certificateNo")}</dt>
        <dd>{learner.certificateNo ?? t("duty.notGiven")}</dd>
        <dt>{t("duty.person.adviser")}</dt>
        <dd>{learner.adviser ?? t("duty.notGiven")}</dd>
      </dl>
      <p>
        <Link to={`/learners/${learner.id}/publish`}>{t("publish.link")}</Link>
      </p>
      {canManage ? (
        <ul className="actions learner-links">
          <li>
            <Link to={`/learners/${learner.id}/edit`}>{t("duty.person.edit")}</Link>
          </li>
          <li>
            <Link to={`/passes/${record.personId}`}>{t("duty.person.pass")}</Link>
          </li>
          <li>
            <Link to={`/duties/new?legalSavvyId=${learner.id}`}>{t("duty.new.title")}</Link>
          </li>
        </ul>
      ) : null}

      <section className="card" aria-labelledby="year-heading">
        <h2 id="year-heading">{t("duty.trainingsOfYear", { year: String(record.year) })}</h2>
        <YearPicker year={record.year} years={years} />
        <HoursAgainstTarget total={record.totalMinutes} target={record.targetMinutes} />
        <TrainingTable trainings={record.trainings} />
        <p>
          <Link to={`/learners/${learner.id}/record?year=${record.year}`}>
            {t("duty.record.link", { year: String(record.year) })}
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="duties-heading">
        <h2 id="duties-heading">{t("duty.dutiesOfYear", { year: String(record.year) })}</h2>
        <DutyList
          duties={record.duties}
          label={t("duty.dutiesOfYear", { year: String(record.year) })}
        />
      </section>
    </>
  );
}
