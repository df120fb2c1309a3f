import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Actor } from "~/.server/audit/audit-log";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm } from "~/.server/forms";
import type { Flash } from "~/.server/request";
import { redirectWithFlash } from "~/.server/request";
import { deleteUnit, restoreUnit, retireUnit } from "~/.server/units/lifecycle";
import { editUnit } from "~/.server/units/move";
import { createVillageList, previewVillageList } from "~/.server/units/paste";
import { submitUnitForm } from "~/.server/units/unit-form";
import { unitPage } from "~/.server/units/unit-page";
import { createUnit } from "~/.server/units/units";
import {
  AddBelowForm,
  EditUnitForm,
  EndUnitForm,
  PasteVillagesForm,
} from "~/components/units/unit-forms";
import { pageTitle } from "~/lib/meta";
import { hasRole, rolesFor } from "~/.server/scope";
import type { UnitAction } from "~/lib/unit-schema";
import { unitActionSchema } from "~/lib/unit-schema";
import { useI18n } from "~/lib/use-i18n";
import unitStyles from "~/styles/units.css?url";

export const meta = pageTitle("units.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: unitStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  return unitPage(db, {
    id,
    scopePath: user.unitPath,
    canManage: hasRole(user, rolesFor.manageAccounts),
  });
}

type Done =
  | { redirect: string; flash: Flash }
  | { preview: Awaited<ReturnType<typeof previewVillageList>> };

async function perform(actor: Actor, id: number, input: UnitAction): Promise<Done> {
  const here = `/units/${id}`;
  switch (input.intent) {
    case "add":
      await createUnit(db, { actor, parentId: id, name: input.name });
      return { redirect: here, flash: { key: "units.created", values: { name: input.name } } };
    case "pastePreview":
      return { preview: await previewVillageList(db, { actor, parentId: id, text: input.names }) };
    case "pasteCreate": {
      const { created } = await createVillageList(db, { actor, parentId: id, text: input.names });
      return { redirect: here, flash: { key: "units.paste.created", values: { count: created } } };
    }
    case "edit":
      await editUnit(db, { actor, id, ...input });
      return { redirect: here, flash: { key: "units.saved", values: { name: input.name } } };
    case "retire":
      await retireUnit(db, { actor, id });
      return { redirect: here, flash: { key: "units.retiredDone" } };
    case "restore":
      await restoreUnit(db, { actor, id });
      return { redirect: here, flash: { key: "units.restoredDone" } };
    case "delete": {
      const { parentId } = await deleteUnit(db, { actor, id });
      const back = parentId === null ? "/units" : `/units/${parentId}`;
      return { redirect: back, flash: { key: "units.deletedDone" } };
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageAccounts);
  const id = idParam(params.id);
  const actor = actorOf(user, context);
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  const parsed = parseForm(form, unitActionSchema);
  if (!parsed.ok) return data({ ...parsed, intent, counts: null, preview: null }, 400);
  const result = await submitUnitForm(form, () => perform(actor, id, parsed.data));
  if (!result.ok) {
    // A refused list is shown again line by line, so the lines to put right can be seen.
    const preview =
      parsed.data.intent === "pasteCreate"
        ? await previewVillageList(db, { actor, parentId: id, text: parsed.data.names })
        : null;
    return data({ ...result, intent, preview }, 400);
  }
  if ("preview" in result.value) {
    return {
      ok: true as const,
      intent,
      preview: result.value.preview,
      values: { names: String(form.get("names")) },
    };
  }
  return redirectWithFlash(result.value.redirect, result.value.flash);
}

export default function Unit() {
  const { t } = useI18n();
  const { unit, manage } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const failedAs = (intents: string[]) =>
    answer && !answer.ok && intents.includes(answer.intent) ? answer : undefined;
  const pasteAnswer = answer && answer.intent.startsWith("paste") ? answer : undefined;
  return (
    <>
      <nav aria-label={t("units.trail")} className="trail">
        <ol>
          {unit.trail.map((step, i) => (
            <li key={step.id}>
              {i === unit.trail.length - 1 ? (
                <span aria-current="page">{step.name}</span>
              ) : step.open ? (
                <Link to={`/units/${step.id}`}>{step.name}</Link>
              ) : (
                step.name
              )}
            </li>
          ))}
        </ol>
      </nav>
      <h1>
        {unit.name} <span className="tag">{t(`level.${unit.level}`)}</span>
        {unit.retired ? <span className="tag tag-muted">{t("units.retired")}</span> : null}
      </h1>
      <p>{t("units.pathNames", { path: unit.trail.map((step) => step.name).join(" / ") })}</p>
      <section aria-labelledby="children">
        <h2 id="children">{t("units.children")}</h2>
        {unit.children.length ? (
          <ul className="villages">
            {unit.children.map((child) => (
              <li key={child.id}>
                <Link to={`/units/${child.id}`}>{child.name}</Link>
                {child.retired ? <span className="tag tag-muted">{t("units.retired")}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("units.none")}</p>
        )}
      </section>
      {manage && !unit.retired && unit.level !== "village" ? (
        <AddBelowForm unit={unit} failed={failedAs(["add"])} />
      ) : null}
      {manage && !unit.retired && unit.level === "subdistrict" ? (
        <PasteVillagesForm unit={unit} answer={pasteAnswer} />
      ) : null}
      <section aria-labelledby="staff">
        <h2 id="staff">{t("units.staff")}</h2>
        {unit.staff.length ? (
          <ul>
            {unit.staff.map((member) => (
              <li key={member.id}>
                {member.display_name} · {t(`role.${member.role}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("units.none")}</p>
        )}
      </section>
      {manage ? (
        <>
          <EditUnitForm unit={unit} manage={manage} failed={failedAs(["edit"])} />
          {manage.ownUnit ? null : (
            <EndUnitForm
              unit={unit}
              manage={manage}
              failed={failedAs(["retire", "restore", "delete"])}
            />
          )}
        </>
      ) : null}
    </>
  );
}
