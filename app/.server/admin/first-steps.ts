import type { Role } from "../../../db/schema";
import { hasRole, rolesFor } from "../scope";
import type { SubdistrictState, TargetsSource } from "./subdistricts";

export const firstStepKeys = [
  "villages",
  "accounts",
  "roster",
  "targets",
  "event",
  "checkin",
] as const;
export type FirstStepKey = (typeof firstStepKeys)[number];

/** One step of a new office, whether it is done, and where it is done (for this role). */
export type FirstStep = { key: FirstStepKey; done: boolean; href: string | null };

export type FirstSteps = {
  unitId: number;
  unitName: string;
  targets: TargetsSource;
  steps: FirstStep[];
  done: number;
  /** Open while the office has recorded nothing (no check-in yet); folded after. */
  open: boolean;
};

/** The steps of one sub-district, with links only to the pages this role may act on. */
export function firstStepsOf(state: SubdistrictState, role: Role): FirstSteps {
  const manages = hasRole({ role }, rolesFor.manageLearners);
  const link = (href: string, may = manages) => (may ? href : null);
  const steps: FirstStep[] = [
    { key: "villages", done: state.villages > 0, href: `/units/${state.id}` },
    {
      key: "accounts",
      done: state.organisers > 0,
      href: link("/admin/users", hasRole({ role }, rolesFor.manageAccounts)),
    },
    { key: "roster", done: state.onRoster > 0, href: link("/learners/import") },
    {
      key: "targets",
      done: state.targets.kind !== "none",
      href: link(`/learners/targets?unit=${state.id}`),
    },
    { key: "event", done: state.latestEventId !== null, href: link("/events/new") },
    {
      key: "checkin",
      done: state.checkins > 0,
      href:
        state.latestEventId === null
          ? null
          : link(
              `/events/${state.latestEventId}/attendance`,
              hasRole({ role }, rolesFor.manageEvents),
            ),
    },
  ];
  return {
    unitId: state.id,
    unitName: state.name,
    targets: state.targets,
    steps,
    done: steps.filter((step) => step.done).length,
    open: state.checkins === 0,
  };
}

/**
 * The getting-started lists a home shows, from the sub-districts of the caller's subtree: their
 * own sub-district's while any step is left (open until its first check-in, folded after), and
 * each sub-district below a district-level caller that has recorded nothing yet. A list with
 * every step done disappears.
 */
export function firstStepsFrom(
  states: SubdistrictState[],
  input: { unitId: number; role: Role },
): FirstSteps[] {
  return states
    .map((state) => firstStepsOf(state, input.role))
    .filter((list) => list.done < list.steps.length)
    .filter((list) => list.unitId === input.unitId || list.open);
}
