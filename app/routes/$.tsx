import { pageTitle } from "~/lib/meta";

export const meta = pageTitle("error.notFound.title");

/** Any path no route claims: a 404 in the reader's language (rendered by the root boundary). */
export function loader() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
