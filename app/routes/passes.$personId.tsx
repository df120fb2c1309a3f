import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import { passOf } from "~/.server/passes/cards";
import { issuePass, reissuePass, revokePass } from "~/.server/passes/issue";
import type { Flash } from "~/.server/request";
import { getLang, redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { ErrorSummary } from "~/components/form";
import { PassCard } from "~/components/pass-card";
import { pageTitle } from "~/lib/meta";
import { passActionSchema } from "~/lib/pass-schema";
import { formatDate } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import passStyles from "~/styles/passes.css?url";

export const meta = pageTitle("pass.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: passStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const { issuedAt, ...pass } = await passOf(db, {
    personId: idParam(params.personId),
    scopePath: user.unitPath,
    role: user.role,
  });
  return {
    ...pass,
    issuedOn: issuedAt ? formatDate(lang, issuedAt) : null,
    canWrite: hasRole(user, rolesFor.manageLearners),
  };
}

async function perform(
  actor: Actor,
  personId: number,
  input: z.output<typeof passActionSchema>,
): Promise<Flash> {
  const holder = { actor, personId };
  switch (input.intent) {
    case "issue":
      return { key: "pass.issued", values: await issuePass(db, holder) };
    case "revoke":
      return { key: "pass.revoked", values: await revokePass(db, holder) };
    case "reissue":
      return { key: "pass.reissued", values: await reissuePass(db, holder) };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const personId = idParam(params.personId);
  const form = await readForm(request);
  const parsed = parseForm(form, passActionSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () => perform(actorOf(user, context), personId, parsed.data));
  if (!result.ok) return data(result, 400);
  return redirectWithFlash(`/passes/${personId}`, result.value);
}

/** One button per change; each form carries its own intent. */
function ChangeForm({
  intent,
  label,
  danger,
}: {
  intent: string;
  label: "pass.issue" | "pass.revoke" | "pass.reissue";
  danger?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={danger ? "danger" : undefined}>
        {t(label)}
      </button>
    </Form>
  );
}

export default function PassPage() {
  const { t } = useI18n();
  const { holder, card, issuedOn, revoked, canWrite } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <div className="pass-page-tools">
        <p>
          <Link to="/passes">{t("pass.back")}</Link>
        </p>
        <h1>{t("pass.cardTitle", { name: holder.name })}</h1>
      </div>
      <ErrorSummary errors={failed?.errors} labels={{}} />
      {card ? (
        <>
          <div className="pass-single">
            <PassCard card={card} />
          </div>
          <div className="pass-page-tools">
            <p>{issuedOn ? t("pass.issuedOn", { date: issuedOn }) : null}</p>
            <p className="hint">{t("pass.cardHint")}</p>
          </div>
        </>
      ) : issuedOn ? (
        <>
          <p>{t("pass.issuedOn", { date: issuedOn })}</p>
          {canWrite ? <p className="hint">{t("pass.notPrintable")}</p> : null}
        </>
      ) : (
        <p>{t("pass.noCard")}</p>
      )}
      {revoked > 0 ? <p>{t("pass.revokedCount", { count: revoked })}</p> : null}
      {canWrite ? (
        <div className="actions pass-actions">
          {issuedOn ? (
            <>
              <ChangeForm intent="reissue" label="pass.reissue" />
              <ChangeForm intent="revoke" label="pass.revoke" danger />
            </>
          ) : (
            <ChangeForm intent="issue" label="pass.issue" />
          )}
        </div>
      ) : (
        <p>{t("pass.readOnly")}</p>
      )}
    </>
  );
}
