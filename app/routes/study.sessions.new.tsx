import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { studyKinds } from "../../db/schema";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { listCadres } from "~/.server/study/cadres";
import { createStudySession } from "~/.server/study/sessions";
import { listUnitsInScope } from "~/.server/units/units";
import { SessionForm } from "~/components/study/session-form";
import { StudyNav, studyLinks } from "~/components/study/study-nav";
import { pageTitle } from "~/lib/meta";
import { studySessionSchema } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("study.sessions.new");
export const links = studyLinks;

type Kind = (typeof studyKinds)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const asked = new URL(request.url).searchParams.get("kind");
  const kind: Kind = studyKinds.find((k) => k === asked) ?? "central_group";
  const [units, cadres] = await Promise.all([
    listUnitsInScope(db, { scopePath: user.unitPath }),
    listCadres(db, { scopePath: user.unitPath }),
  ]);
  const active = cadres
    .filter((cadre) => cadre.status === "active")
    .map(({ id, name, unit_name, position, law_enforcement }) => ({
      id,
      name,
      unit_name,
      position,
      law_enforcement,
    }));
  // An enforcement training is for the law-enforcement staff; other sessions for every cadre.
  const ticked = active
    .filter((cadre) => kind !== "enforcement_training" || cadre.law_enforcement === 1)
    .map((cadre) => cadre.id);
  return { kind, units, cadres: active, ticked, hostUnitId: String(user.unitId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const ticked = form.getAll("cadreIds").map(Number);
  const parsed = parseForm(form, studySessionSchema, ["cadreIds"]);
  if (!parsed.ok) return data({ ...parsed, ticked }, 400);
  const result = await submit(form, () =>
    createStudySession(db, { actor: actorOf(user, context), session: parsed.data }),
  );
  if (!result.ok) return data({ ...result, ticked }, 400);
  return redirectWithFlash(`/study/sessions/${result.value.id}`, {
    key: "study.sessions.created",
    values: { title: parsed.data.title },
  });
}

export default function NewSession() {
  const { t } = useI18n();
  const { kind, units, cadres, ticked, hostUnitId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("study.sessions.new")}</h1>
      <StudyNav canWrite />
      <ul className="villages" aria-label={t("study.event.studyKind")}>
        {studyKinds.map((k) => (
          <li key={k}>
            <Link to={`?kind=${k}`} aria-current={k === kind ? "page" : undefined}>
              {t(`study.kind.${k}`)}
            </Link>
          </li>
        ))}
      </ul>
      <SessionForm
        key={failed ? "failed" : kind}
        units={units}
        cadres={cadres}
        values={failed?.values ?? { studyKind: kind, hostUnitId, training: "on" }}
        ticked={new Set(failed?.ticked ?? ticked)}
        errors={failed?.errors}
      />
    </>
  );
}
