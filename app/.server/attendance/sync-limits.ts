/**
 * The most bytes one offline-door sync request may have: 200 walk-ins of long names fit easily.
 * The edge holds the body to it (http-edge.ts), and the route again (events.$id.door-sync.ts).
 */
export const SYNC_BYTES_MAX = 256 * 1024;

/** The sync address of an event's offline door, as the edge sees the routed path. */
export const DOOR_SYNC_PATH = /^\/events\/\d+\/door-sync$/;
