import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import type { Flash } from "~/.server/request";
import { getLang, redirectWithFlash } from "~/.server/request";
import { firstPassword, handoverSheet } from "~/.server/staff/handover";
import type { HandoverSheetData } from "~/.server/staff/handover";
import { endStaffSessions, listStaffSessions } from "~/.server/staff/sessions";
import {
  getStaffInScope,
  resetStaffPassword,
  setStaffDisabled,
  unlockStaff,
  updateStaff,
} from "~/.server/staff/staff";
import { unitChoices, unitLabel } from "~/.server/staff/unit-choices";
import { ErrorSummary, Field } from "~/components/form";
import { HandoverSheet } from "~/components/handover-sheet";
import { NewPasswordField } from "~/components/new-password-field";
import { UnitOptions } from "~/components/unit-select";
import type { z } from "zod";
import { roles } from "../../db/schema";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { userActionSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";
import handoverStyles from "~/styles/handover.css?url";

export const meta = pageTitle("users.edit");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: handoverStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const lang = await getLang(request);
  const id = idParam(params.id);
  const [member, units, sessions] = await Promise.all([
    getStaffInScope(db, { id, scopePath: user.unitPath }),
    unitChoices(db, { scopePath: user.unitPath }),
    listStaffSessions(db, { actor: actorOf(user, context), id }),
  ]);
  return {
    member: {
      id: member.id,
      username: member.username,
      displayName: member.display_name,
      role: member.role,
      unitId: member.unit_id,
      disabled: member.disabled === 1,
      locked: member.locked_until !== null && member.locked_until > now(),
      passwordChangedAt: formatDateTime(lang, member.password_changed_at),
      lastLoginAt: member.last_login_at ? formatDateTime(lang, member.last_login_at) : null,
      mustChange: member.must_change_password === 1,
      isSelf: member.id === user.id,
    },
    units: units
      .filter((unit) => !unit.retired || unit.id === member.unit_id)
      .map(({ id, label, level, depth }) => ({ id, name: label, level, depth })),
    // Times written here, on the server: a browser in another zone would write them otherwise.
    sessions: sessions.map((session) => ({
      id: session.id,
      started: formatDateTime(lang, session.created_at),
      expires: formatDateTime(lang, session.expires_at),
    })),
  };
}

type UserAction = z.output<typeof userActionSchema>;
type Outcome =
  | { kind: "flash"; flash: Flash }
  | { kind: "sheet"; sheet: HandoverSheetData }
  | { kind: "askDisable" };

const flash = (key: Flash["key"], values: Flash["values"]): Outcome => ({
  kind: "flash",
  flash: { key, values },
});

async function perform(
  request: Request,
  actor: Actor,
  id: number,
  input: UserAction,
): Promise<Outcome> {
  switch (input.intent) {
    case "update": {
      const username = await updateStaff(db, { actor, id, ...input });
      return flash("users.updated", { username });
    }
    case "reset": {
      const target = await getStaffInScope(db, { id, scopePath: actor.unitPath });
      const password = input.password ?? firstPassword(target.username);
      const account = await resetStaffPassword(db, { actor, id, password });
      const sheet = await handoverSheet(request, [
        { ...account, unitLabel: await unitLabel(db, account.unitId), password },
      ]);
      return { kind: "sheet", sheet };
    }
    case "unlock":
      return flash("users.unlocked", { username: await unlockStaff(db, { actor, id }) });
    case "disable":
    case "enable": {
      const disabled = input.intent === "disable";
      // Disabling asks first: the unconfirmed post only brings up the question.
      if (disabled && !input.confirmed) return { kind: "askDisable" };
      const username = await setStaffDisabled(db, { actor, id, disabled });
      return flash(disabled ? "users.disabledDone" : "users.enabledDone", { username });
    }
    case "endSession":
    case "endSessions": {
      const sessionId = input.intent === "endSession" ? input.sessionId : null;
      const ended = await endStaffSessions(db, { actor, id, sessionId });
      return flash("accounts.sessions.ended", ended);
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, userActionSchema);
  if (!parsed.ok) return data({ ...parsed, intent: String(form.get("intent")) }, 400);
  const actor = actorOf(user, context);
  const result = await submit(form, () => perform(request, actor, id, parsed.data));
  if (!result.ok) return data({ ...result, intent: parsed.data.intent }, 400);
  const outcome = result.value;
  if (outcome.kind === "flash") return redirectWithFlash(`/admin/users/${id}`, outcome.flash);
  if (outcome.kind === "askDisable") return { askDisable: true as const };
  // The slip with the new password is this answer alone, shown once.
  return { sheet: outcome.sheet };
}

/** The question before disabling: a real form, so it works before scripts load. */
function DisableQuestion({ username, name, to }: { username: string; name: string; to: string }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="disable-question">
      <h2 id="disable-question">{t("accounts.disable.question", { username, name })}</h2>
      <p>{t("accounts.disable.explain")}</p>
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value="disable" />
          <input type="hidden" name="confirmed" value="1" />
          <button type="submit">{t("accounts.disable.confirm")}</button>
        </Form>
        <Link to={to}>{t("accounts.disable.cancel")}</Link>
      </div>
    </section>
  );
}

function Sessions({ sessions }: { sessions: { id: string; started: string; expires: string }[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="sessions">
      <h2 id="sessions">{t("accounts.sessions.title")}</h2>
      {sessions.length === 0 ? (
        <p>{t("accounts.sessions.none")}</p>
      ) : (
        <>
          <p className="hint">{t("accounts.sessions.hint")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("accounts.sessions.started")}</th>
                  <th scope="col">{t("accounts.sessions.expires")}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr key={session.id}>
                    <td>{session.started}</td>
                    <td>{session.expires}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="endSession" />
                        <input type="hidden" name="sessionId" value={session.id} />
                        <button
                          type="submit"
                          className="secondary"
                          aria-label={t("accounts.sessions.endLabel", { started: session.started })}
                        >
                          {t("accounts.sessions.end")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Form method="post">
            <input type="hidden" name="intent" value="endSessions" />
            <button type="submit" className="secondary">
              {t("accounts.sessions.endAll")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

export default function EditUser() {
  const { t } = useI18n();
  const { member, units, sessions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  if (answer && "sheet" in answer && answer.sheet) {
    return (
      <HandoverSheet
        sheet={answer.sheet}
        notice={{
          key: "accounts.resetSheet",
          values: { username: answer.sheet.slips[0]!.username },
        }}
      />
    );
  }
  const failed = answer && "errors" in answer ? answer : undefined;
  const askDisable = Boolean(answer && "askDisable" in answer);
  const updateErrors = failed?.intent === "update" ? failed.errors : undefined;
  const resetErrors = failed?.intent === "reset" ? failed.errors : undefined;
  const otherErrors =
    failed && !["update", "reset"].includes(failed.intent) ? failed.errors : undefined;
  const values = failed?.intent === "update" ? failed.values : undefined;
  return (
    <>
      <h1>
        {member.username}{" "}
        <span className="tag">
          {t(
            member.disabled
              ? "users.disabledState"
              : member.locked
                ? "users.lockedState"
                : "users.active",
          )}
        </span>
      </h1>
      {askDisable ? (
        <DisableQuestion
          username={member.username}
          name={member.displayName}
          to={`/admin/users/${member.id}`}
        />
      ) : null}
      <p>
        {t("common.labelled", { label: t("users.lastChange"), value: member.passwordChangedAt })}
        <br />
        {t("common.labelled", {
          label: t("accounts.lastLogin"),
          value: member.lastLoginAt ?? t("accounts.list.never"),
        })}
      </p>
      {member.mustChange ? <p>{t("users.mustChangeNote")}</p> : null}
      <ErrorSummary errors={otherErrors} labels={{}} />
      <section className="card" aria-labelledby="edit">
        <h2 id="edit">{t("users.edit")}</h2>
        <ErrorSummary
          errors={updateErrors}
          labels={{ displayName: "users.displayName", role: "users.role", unitId: "users.unit" }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="update" />
          <Field
            name="displayName"
            label="users.displayName"
            defaultValue={values?.displayName ?? member.displayName}
            error={updateErrors?.displayName}
          />
          <Field name="role" label="users.role" error={updateErrors?.role}>
            {(control) => (
              <select {...control} defaultValue={values?.role ?? member.role}>
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="unitId" label="users.unit" error={updateErrors?.unitId}>
            {(control) => (
              <select {...control} defaultValue={values?.unitId ?? member.unitId}>
                <UnitOptions units={units} />
              </select>
            )}
          </Field>
          <button type="submit">{t("users.save")}</button>
        </Form>
      </section>
      <section className="card" aria-labelledby="reset">
        <h2 id="reset">{t("users.resetPassword")}</h2>
        <ErrorSummary errors={resetErrors} labels={{ password: "users.newPassword" }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="reset" />
          <NewPasswordField
            name="password"
            label="users.newPassword"
            hint="accounts.passwordOptionalHint"
            error={resetErrors?.password}
          />
          <button type="submit">{t("users.resetPassword")}</button>
        </Form>
      </section>
      <Sessions sessions={sessions} />
      {member.isSelf ? null : (
        <div className="actions">
          {member.locked ? (
            <Form method="post">
              <input type="hidden" name="intent" value="unlock" />
              <button type="submit" className="secondary">
                {t("users.unlock")}
              </button>
            </Form>
          ) : null}
          {askDisable ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value={member.disabled ? "enable" : "disable"} />
              <button type="submit" className="secondary">
                {t(member.disabled ? "users.enable" : "users.disable")}
              </button>
            </Form>
          )}
        </div>
      )}
    </>
  );
}
