import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/.server/db";
import { personalPage, personalSubmit } from "~/.server/records/personal-handler";

// A 法律明白人's personal link: a page of its own, drawn as plain HTML without the site's
// navigation or scripts (app/.server/records/personal-page.tsx).

export function loader({ request, params }: LoaderFunctionArgs) {
  return personalPage(db, request, params.token ?? "");
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return personalSubmit(db, request, params.token ?? "", context.clientIp);
}
