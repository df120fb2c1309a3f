/**
 * For load balancers and monitors: 200 while the process answers. It asks nothing of the
 * database (that is /readyz), so it stays cheap however often it is polled.
 */
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
