import { dutyEntrySchema } from "~/lib/duty-schema";
import { fieldErrors } from "~/lib/schemas";
import { shanghaiDay } from "~/lib/time";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { readForm } from "../forms";
import { targetsFor } from "../learners/targets";
import { ownPass } from "../passes/own-pass";
import { uploadedFiles } from "../photos/form-action";
import { PhotosRefused } from "../photos/store";
import { getLang } from "../request";
import { dutiesOfYear } from "./learner";
import { submitOwnDutyEntry } from "./own-duty";
import type { LinkHolder } from "./personal-link";
import { lastValidDay, linkHolder } from "./personal-link";
import type { PersonalView } from "./personal-page";
import { NOT_FOUND_PAGE, renderPersonalPage } from "./personal-page";
import { trainingsOf } from "./training-hours";

// /m/<token>: the personal link's page and its form. No session: the token is the key. Nothing
// here is cached or indexed, and the link never leaves for another site in a Referer. The policy
// is same-origin, not no-referrer: under no-referrer the browser sends the form's POST with
// `Origin: null`, which the site refuses as a possible cross-site request; same-origin sends
// the page's address only back to this server, which knows the token anyway.

const privateHeaders = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
  "X-Robots-Tag": "noindex",
};

const html = (body: string, status = 200) =>
  new Response(body, { status, headers: privateHeaders });

/** Unknown, revoked, expired, malformed or retired alike. */
const notFound = () => html(NOT_FOUND_PAGE, 404);

async function view(
  db: Db,
  request: Request,
  holder: LinkHolder,
  extra: Pick<PersonalView, "sent" | "errors" | "values">,
): Promise<PersonalView> {
  const year = Number(shanghaiDay(now()).slice(0, 4));
  const [lang, { trainings, totalMinutes }, targets, entries, pass] = await Promise.all([
    getLang(request),
    trainingsOf(db, { personId: holder.personId, year }),
    targetsFor(db, holder.villagePath),
    dutiesOfYear(db, { legalSavvyId: holder.legalSavvyId, year }),
    ownPass(db, holder.personId),
  ]);
  return {
    lang,
    path: new URL(request.url).pathname,
    name: holder.name,
    villageName: holder.villageName,
    lastDay: lastValidDay(holder.expiresAt),
    year,
    trainings,
    totalMinutes,
    targetMinutes: targets.trainingMinutes,
    entries: entries.toReversed(),
    pass,
    ...extra,
  };
}

export async function personalPage(db: Db, request: Request, token: string) {
  const holder = await linkHolder(db, token);
  if (!holder) return notFound();
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return html(renderPersonalPage(await view(db, request, holder, { sent })));
}

/** A refusal the form shows: the photos' beside their field, the day's limit at the top. */
function refusalOf(error: unknown) {
  if (error instanceof PhotosRefused) return { errors: { photos: error.refusal }, status: 400 };
  if (error instanceof AppError && error.code === "TOO_MANY") {
    return { errors: { form: error.messageKey }, status: 429 };
  }
  return null;
}

/** A new entry: pending until an organiser decides; then back to the page (post, redirect, get). */
export async function personalSubmit(db: Db, request: Request, token: string, ip: string | null) {
  const holder = await linkHolder(db, token);
  if (!holder) return notFound();
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] = value;
  const parsed = dutyEntrySchema.safeParse(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return html(
      renderPersonalPage(await view(db, request, holder, { sent: false, errors, values })),
      400,
    );
  }
  // The day's limit, then the photos (decoded last): a refusal of either writes nothing.
  try {
    await submitOwnDutyEntry(db, {
      holder,
      entry: parsed.data,
      ip,
      files: await uploadedFiles(form),
    });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    const page = await view(db, request, holder, { sent: false, errors: refusal.errors, values });
    return html(renderPersonalPage(page), refusal.status);
  }
  const path = new URL(request.url).pathname;
  return new Response(null, {
    status: 303,
    headers: { ...privateHeaders, Location: `${path}?sent=1` },
  });
}
