import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { handle, idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import type { Flash } from "~/.server/request";
import { redirectWithFlash } from "~/.server/request";
import {
  getStaffInScope,
  resetStaffPassword,
  setStaffDisabled,
  unlockStaff,
  updateStaff,
} from "~/.server/staff/staff";
import { listUnitsInScope } from "~/.server/units/units";
import { ErrorSummary, Field } from "~/components/form";
import { NewPasswordField } from "~/components/new-password-field";
import { UnitOptions } from "~/components/unit-select";
import type { z } from "zod";
import { roles } from "../../db/schema";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { userActionSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("users.edit");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  return handle(async () => {
    const id = idParam(params.id);
    const [member, units] = await Promise.all([
      getStaffInScope(db, { id, scopePath: user.unitPath }),
      listUnitsInScope(db, { scopePath: user.unitPath }),
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
        passwordChangedAt: member.password_changed_at,
        mustChange: member.must_change_password === 1,
        isSelf: member.id === user.id,
      },
      units: units.map(({ id, name, level, depth }) => ({ id, name, level, depth })),
    };
  });
}

type UserAction = z.output<typeof userActionSchema>;

async function perform(actor: Actor, id: number, input: UserAction): Promise<Flash> {
  switch (input.intent) {
    case "update": {
      const username = await updateStaff(db, { actor, id, ...input });
      return { key: "users.updated", values: { username } };
    }
    case "reset": {
      const username = await resetStaffPassword(db, { actor, id, password: input.password });
      return { key: "users.resetDone", values: { username } };
    }
    case "unlock":
      return { key: "users.unlocked", values: { username: await unlockStaff(db, { actor, id }) } };
    case "disable":
    case "enable": {
      const disabled = input.intent === "disable";
      const username = await setStaffDisabled(db, { actor, id, disabled });
      return { key: disabled ? "users.disabledDone" : "users.enabledDone", values: { username } };
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  return handle(async () => {
    const id = idParam(params.id);
    const form = await readForm(request);
    const parsed = parseForm(form, userActionSchema);
    if (!parsed.ok) return data({ ...parsed, intent: String(form.get("intent")) }, 400);
    const result = await submit(form, () => perform(actorOf(user, context), id, parsed.data));
    if (!result.ok) return data({ ...result, intent: parsed.data.intent }, 400);
    return redirectWithFlash(`/admin/users/${id}`, result.value);
  });
}

export default function EditUser() {
  const { t, lang } = useI18n();
  const { member, units } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
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
      <p>
        {t("common.labelled", {
          label: t("users.lastChange"),
          value: formatDateTime(lang, member.passwordChangedAt),
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
            error={resetErrors?.password}
          />
          <button type="submit">{t("users.resetPassword")}</button>
        </Form>
      </section>
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
          <Form method="post">
            <input type="hidden" name="intent" value={member.disabled ? "enable" : "disable"} />
            <button type="submit" className="secondary">
              {t(member.disabled ? "users.enable" : "users.disable")}
            </button>
          </Form>
        </div>
      )}
    </>
  );
}
