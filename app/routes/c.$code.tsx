import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { showCheckinPage, submitCheckin } from "~/.server/checkin/handler";

// A resource route: the resident's page is rendered without React and ships no script.

export function loader({ request, params }: LoaderFunctionArgs) {
  return showCheckinPage(request, params.code ?? "");
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return submitCheckin(request, params.code ?? "", context.clientIp);
}
