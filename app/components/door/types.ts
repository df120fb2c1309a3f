// What the scan page and its offline door module say to each other.

export type DoorReason =
  | "not_invited"
  | "revoked"
  | "unknown"
  | "foreign"
  | "closed"
  | "invalid"
  | "elsewhere";

/** A queued item the server did not take, kept until the organiser dismisses it. */
export type DoorProblem = {
  id: string;
  name: string;
  kind: "scan" | "walk_in";
  reason: DoorReason;
  /** When it was recorded on this device. */
  clock: string;
  /** When the person had checked in already, on another device. */
  since?: string;
  /** A walk-in's phone, masked. */
  phone?: string;
};

/** A scan decided on the device: the online answer's shape. */
export type OfflineAnswer = {
  kind: "new" | "already" | "not_invited" | "revoked" | "foreign" | "unknown" | "closed";
  name: string;
  time: string | null;
  text: string;
};
