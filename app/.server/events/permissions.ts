import type { Role } from "../../../db/schema";
import { pathInSubtree, rolesFor } from "../scope";

/** What the caller may do with one event within their reach; pages offer only these. */
export type EventCapabilities = {
  /** Edit, publish, cancel, copy: the host unit's subtree only. */
  manage: boolean;
  /** Walk-ins, assisted entries and undo at the door. */
  runDoor: boolean;
  /** Write the after-event report. */
  report: boolean;
};

/**
 * Computed once on the server from the caller and the path of the event's host unit. The use cases still refuse
 * on their own (their queries carry the same rules); this only keeps pages from offering a form
 * that would be refused.
 */
export function eventCapabilities(
  caller: { role: Role; unitPath: string },
  hostPath: string,
): EventCapabilities {
  const writer = (rolesFor.manageEvents as readonly Role[]).includes(caller.role);
  return {
    manage: writer && pathInSubtree(hostPath, caller.unitPath),
    runDoor: writer,
    report: writer,
  };
}
