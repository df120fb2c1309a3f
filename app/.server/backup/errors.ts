/** A backup or restore that cannot go ahead, with a message for the operator (in English). */
export class BackupError extends Error {
  override name = "BackupError";
}
