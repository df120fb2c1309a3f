/** The current time as stored: ISO-8601 in UTC. */
export function now() {
  return new Date().toISOString();
}
