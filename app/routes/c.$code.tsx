import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { CheckinRequest } from "~/.server/checkin/handler";
import { handleCheckin } from "~/.server/checkin/handler";

// In production bin/server.js answers /c/ itself, before Remix; this resource route serves the
// same handler under the dev server.

async function describe(
  request: Request,
  code: string,
  clientIp: string | null,
): Promise<CheckinRequest> {
  const url = new URL(request.url);
  const body = request.method === "POST" ? await request.text() : null;
  return {
    method: request.method,
    path: url.pathname,
    code,
    token: url.searchParams.get("t"),
    cookie: request.headers.get("Cookie"),
    acceptLanguage: request.headers.get("Accept-Language"),
    form: body === null ? null : new URLSearchParams(body),
    clientIp,
  };
}

async function respond(request: Request, code: string, clientIp: string | null) {
  const { status, headers, cookies, body } = await handleCheckin(
    await describe(request, code, clientIp),
  );
  const response = new Response(body, { status, headers });
  for (const cookie of cookies) response.headers.append("Set-Cookie", cookie);
  return response;
}

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return respond(request, params.code ?? "", context.clientIp);
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return respond(request, params.code ?? "", context.clientIp);
}
