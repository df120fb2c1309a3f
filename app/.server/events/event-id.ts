import { notFound } from "../errors";

/** The :id of an event URL; anything but a whole number is a page that does not exist. */
export function eventIdParam(value: string | undefined) {
  const id = Number(value);
  if (!value || !Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}
