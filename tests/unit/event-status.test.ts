import { describe, expect, it } from "vitest";
import { displayedStatus, isHeld, photoBar } from "../../app/lib/event-status";
import type { EventStatus } from "../../db/schema";

// The status a reader is shown, from the stored status and the clock, at fixed times: the event
// runs from 09:00 up to (not at) 11:00 UTC on 2026-12-04.

const event = (status: EventStatus) => ({
  status,
  starts_at: "2026-12-04T09:00:00.000Z",
  ends_at: "2026-12-04T11:00:00.000Z",
});

describe("displayedStatus", () => {
  it.each([
    ["2026-12-04T08:59:59.999Z", "published"],
    ["2026-12-04T09:00:00.000Z", "running"],
    ["2026-12-04T10:59:59.999Z", "running"],
    ["2026-12-04T11:00:00.000Z", "held"],
    ["2027-01-01T00:00:00.000Z", "held"],
  ] as const)("a published event at %s is %s", (now, shown) => {
    expect(displayedStatus(event("published"), now)).toBe(shown);
  });

  it("an event reported on early still runs until its end, and is published before its start", () => {
    expect(displayedStatus(event("held"), "2026-12-04T10:00:00.000Z")).toBe("running");
    expect(displayedStatus(event("held"), "2026-12-04T11:00:00.000Z")).toBe("held");
    expect(displayedStatus(event("held"), "2026-12-04T08:00:00.000Z")).toBe("published");
  });

  it("a draft or a cancelled event says so whatever the time", () => {
    for (const now of [
      "2026-12-04T08:00:00.000Z",
      "2026-12-04T10:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]) {
      expect(displayedStatus(event("draft"), now)).toBe("draft");
      expect(displayedStatus(event("cancelled"), now)).toBe("cancelled");
    }
  });

  it("compares instants, not text: an offset written otherwise is the same moment", () => {
    expect(displayedStatus(event("published"), "2026-12-04T17:00:00+08:00")).toBe("running");
    expect(displayedStatus(event("published"), "2026-12-04T19:00:00+08:00")).toBe("held");
  });
});

describe("isHeld", () => {
  it.each([
    ["published", "2026-12-04T10:59:59.999Z", false],
    ["published", "2026-12-04T11:00:00.000Z", true],
    ["held", "2026-12-04T10:00:00.000Z", false],
    ["held", "2026-12-04T11:00:00.001Z", true],
    ["draft", "2027-01-01T00:00:00.000Z", false],
    ["cancelled", "2027-01-01T00:00:00.000Z", false],
  ] as const)("a %s event at %s is held: %s", (status, now, held) => {
    expect(isHeld(event(status), now)).toBe(held);
  });
});

describe("photoBar", () => {
  it("takes photos from the start of a run event on, never on a draft or a cancelled one", () => {
    expect(photoBar(event("published"), "2026-12-04T08:59:59.999Z")).toBe("notStarted");
    expect(photoBar(event("published"), "2026-12-04T09:00:00.000Z")).toBeNull();
    expect(photoBar(event("published"), "2027-01-01T00:00:00.000Z")).toBeNull();
    expect(photoBar(event("held"), "2026-12-04T10:00:00.000Z")).toBeNull();
    expect(photoBar(event("held"), "2026-12-04T08:00:00.000Z")).toBe("notStarted");
    for (const at of ["2026-12-04T08:00:00.000Z", "2027-01-01T00:00:00.000Z"]) {
      expect(photoBar(event("draft"), at)).toBe("draft");
      expect(photoBar(event("cancelled"), at)).toBe("cancelled");
    }
  });
});
