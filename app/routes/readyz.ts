import { readiness } from "~/.server/health";

/**
 * For load balancers: 200 when this server can serve (the database answers within 2 s and its
 * migrations are current, and the server is not stopping), else 503 with what is wrong.
 */
export async function loader() {
  const { ready, ...state } = await readiness();
  return Response.json(
    { status: ready ? "ok" : "unavailable", ...state },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
