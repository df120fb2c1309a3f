import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { uploadedFiles } from "~/.server/photos/form-action";
import { addDutyEntry, rosterChoices } from "~/.server/records/duties";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { DutyFields, dutyFieldLabels } from "~/components/duty-fields";
import { ErrorSummary, Field } from "~/components/form";
import { staffDutyEntrySchema } from "~/lib/duty-schema";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.new.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const people = await rosterChoices(db, { scopePath: user.unitPath });
  const chosen = new URL(request.url).searchParams.get("legalSavvyId") ?? "";
  return { people, chosen };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const form = await readForm(request);
  const parsed = parseForm(form, staffDutyEntrySchema);
  if (!parsed.ok) return data(parsed, 400);
  const { legalSavvyId, ...entry } = parsed.data;
  const files = await uploadedFiles(form);
  const result = await submit(form, () =>
    addDutyEntry(db, { actor: actorOf(user, context), legalSavvyId, entry, files }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/duties", { key: "duty.new.saved" });
}

export default function NewDutyEntry() {
  const { t } = useI18n();
  const { people, chosen } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  const values = failed?.values;
  return (
    <>
      <p>
        <Link to="/duties">{t("duty.title")}</Link>
      </p>
      <h1>{t("duty.new.title")}</h1>
      <p className="hint">{t("duty.new.hint")}</p>
      <Form method="post" encType="multipart/form-data" noValidate className="card duty-form">
        <ErrorSummary errors={errors} labels={{ ...dutyFieldLabels, photos: "photo.field" }} />
        <Field name="legalSavvyId" label="duty.field.person" error={errors?.legalSavvyId}>
          {(control) => (
            <select {...control} defaultValue={values?.legalSavvyId ?? chosen}>
              <option value="">{t("duty.choose")}</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {t("duty.personChoice", { name: person.name, village: person.villageName })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DutyFields errors={errors} values={values} />
        <Field
          name="photos"
          label="photo.field"
          hint="photo.hint"
          type="file"
          accept="image/*"
          multiple
          error={errors?.photos}
        />
        <button type="submit">{t("duty.new.save")}</button>
      </Form>
    </>
  );
}
