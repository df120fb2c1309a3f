import { data } from "@remix-run/node";
import type { Actor } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError, idQuery } from "../errors";
import { redirectWithFlash } from "../request";
import type { PhotoOwner } from "./read";
import { PhotosRefused, addPhotos, deletePhoto } from "./store";

/** The uploaded files of a form's `photos` field, as bytes. */
export async function uploadedFiles(form: FormData, field = "photos") {
  const files = form.getAll(field).filter((value): value is File => value instanceof File);
  return Promise.all(files.map(async (file) => new Uint8Array(await file.arrayBuffer())));
}

/**
 * The photo forms of a record's page (intent `photos` or `deletePhoto`): answered here, or null
 * when the form is another of the page's. A refused upload is a 400 with the message for the
 * field; a done one goes back to the page with a flash (post, redirect, get).
 */
export async function photoFormAction(
  db: Db,
  input: { actor: Actor; owner: PhotoOwner; form: FormData; back: string },
) {
  const { actor, owner, form, back } = input;
  const intent = form.get("intent");
  if (intent === "photos") {
    try {
      const count = await addPhotos(db, { actor, owner, files: await uploadedFiles(form) });
      return redirectWithFlash(
        back,
        count > 0 ? { key: "photo.added", values: { count } } : { key: "photo.addedNone" },
      );
    } catch (error) {
      if (!(error instanceof PhotosRefused)) throw error;
      return data({ photoError: error.refusal }, 400);
    }
  }
  if (intent === "deletePhoto") {
    const id = idQuery(String(form.get("photoId") ?? ""));
    if (id === null) throw new AppError("BAD_REQUEST", "error.badRequest.body");
    await deletePhoto(db, { actor, owner, id });
    return redirectWithFlash(back, { key: "photo.deleted" });
  }
  return null;
}
