import { describe, expect, it } from "vitest";
import { absencesSchema } from "../../app/lib/study-schema";
import { fieldErrors } from "../../app/lib/schemas";

// The session page's one form of reasons: a row per listed absentee, each saved as it stands.

describe("absencesSchema", () => {
  it("reads one row per person: a reason with its note, or nothing on record", () => {
    const parsed = absencesSchema.parse({
      intent: "absences",
      "reason-12": "sick",
      "note-12": " 住院 ",
      "reason-13": "",
      "note-13": "",
      "reason-14": "official_duty",
      other: "ignored",
    });
    expect(parsed).toEqual([
      { personId: 12, reason: "sick", note: "住院" },
      { personId: 13, reason: null, note: null },
      { personId: 14, reason: "official_duty", note: null },
    ]);
  });

  it("refuses a note without a reason, or an unknown reason, next to that row's reason", () => {
    const result = absencesSchema.safeParse({
      "reason-12": "",
      "note-12": "出差",
      "reason-13": "holiday",
      "reason-14": "sick",
    });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      "reason-12": "study.form.reasonNeeded",
      "reason-13": "form.invalidChoice",
    });
  });

  it("refuses a note too long beside the note, and a form with no rows at all", () => {
    const long = absencesSchema.safeParse({ "reason-12": "sick", "note-12": "字".repeat(201) });
    expect(fieldErrors(long.error!)).toEqual({ "note-12": "form.tooLong" });
    const empty = absencesSchema.safeParse({ intent: "absences", "reason-0": "sick" });
    expect(fieldErrors(empty.error!)).toEqual({ form: "study.form.noAbsentees" });
  });
});
