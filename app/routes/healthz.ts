import { checkDatabase } from "~/.server/health";

/** For load balancers and monitors: 200 while the database answers, 503 when it does not. */
export async function loader() {
  const database = await checkDatabase();
  return Response.json(
    { status: database ? "ok" : "unavailable", database: database ? "ok" : "unreachable" },
    { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
