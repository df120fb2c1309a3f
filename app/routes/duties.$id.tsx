import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { AppError, idParam } from "~/.server/errors";
import { readForm } from "~/.server/forms";
import { photoFormAction } from "~/.server/photos/form-action";
import { galleryOf } from "~/.server/photos/store";
import { dutyEntryInScope } from "~/.server/records/duties";
import { formatDay } from "~/.server/records/shown";
import { getLang } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { DutyEntryText } from "~/components/duty-entry";
import { PhotoGallery } from "~/components/photo-gallery";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import photoStyles from "~/styles/photos.css?url";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.entry.title");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: recordsStyles },
  { rel: "stylesheet", href: photoStyles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const { occurredOn, ...entry } = await dutyEntryInScope(db, { id, scopePath: user.unitPath });
  const { photos } = await galleryOf(db, { owner: { dutyEntry: id }, scopePath: user.unitPath });
  return {
    entry: { ...entry, date: formatDay(await getLang(request), occurredOn) },
    photos,
    canEdit: hasRole(user, rolesFor.manageLearners),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const answer = await photoFormAction(db, {
    actor: actorOf(user, context),
    owner: { dutyEntry: id },
    form: await readForm(request),
    back: `/duties/${id}`,
  });
  if (!answer) throw new AppError("BAD_REQUEST", "error.badRequest.body");
  return answer;
}

export default function DutyEntryPage() {
  const { t } = useI18n();
  const { entry, photos, canEdit } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const photoError = answer && "photoError" in answer ? answer.photoError : undefined;
  return (
    <>
      <p>
        <Link to="/duties">{t("duty.title")}</Link>
      </p>
      <h1>{t("duty.entry.title")}</h1>
      <div className="card duty-entry">
        <DutyEntryText entry={entry} />
      </div>
      <PhotoGallery
        photos={photos}
        title={`${entry.name} ${entry.date}`}
        canEdit={canEdit}
        error={photoError}
      />
    </>
  );
}
