import { Form } from "@remix-run/react";
import { Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

export type GalleryPhoto = { id: number; width: number; height: number };

/**
 * A record's photos as thumbnails, each linking to its display size, with a delete button for
 * those who may edit the record, and the upload form (a real multipart form: it works before any
 * script loads, and a phone offers its camera and gallery for `accept="image/*"`).
 */
export function PhotoGallery({
  photos,
  title,
  canEdit,
  closed,
  error,
  headingId = "photo-gallery",
}: {
  photos: GalleryPhoto[];
  /** The record's name, for each photo's alternative text. */
  title: string;
  canEdit: boolean;
  /**
   * Why the record takes no new photos (a catalogue key): said instead of the upload form, which
   * stays only to show the refusal of an upload sent from an older page beside its field.
   */
  closed?: MessageKey | null;
  /** The refusal of the last upload, a catalogue key. */
  error?: string;
  headingId?: string;
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("photo.gallery")}</h2>
      {photos.length === 0 ? (
        <p>{t("photo.none")}</p>
      ) : (
        <ul className="photo-gallery">
          {photos.map((photo, index) => (
            <li key={photo.id}>
              <a
                href={`/photos/${photo.id}/display`}
                aria-label={t("photo.open", { n: index + 1 })}
              >
                <img
                  src={`/photos/${photo.id}/thumb`}
                  alt={t("photo.alt", { title, n: index + 1 })}
                  width={photo.width}
                  height={photo.height}
                  loading="lazy"
                />
              </a>
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="deletePhoto" />
                  <input type="hidden" name="photoId" value={photo.id} />
                  <button type="submit" className="secondary">
                    {t("photo.delete", { n: index + 1 })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t("photo.staffOnly")}</p>
      {canEdit && closed && !error ? <p className="hint">{t(closed)}</p> : null}
      {canEdit && (!closed || error) ? (
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="intent" value="photos" />
          <Field
            name="photos"
            label="photo.field"
            hint="photo.hint"
            type="file"
            accept="image/*"
            multiple
            error={error}
          />
          <button type="submit">{t("photo.upload")}</button>
        </Form>
      ) : null}
    </section>
  );
}
