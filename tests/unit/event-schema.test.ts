import { describe, expect, it } from "vitest";
import { eventReportSchema, eventSchema } from "~/lib/event-schema";
import { fieldErrors } from "~/lib/schemas";

const valid = {
  title: "宪法宣传周专题讲座",
  format: "lecture",
  setting: "community",
  campaignId: "",
  hostUnitId: "2",
  villageId: "3",
  venue: "舟山村村委会",
  startsAt: "2026-12-04T09:00",
  endsAt: "2026-12-04T10:30",
  audience: ["villager", "elderly"],
  capacity: "80",
  visibility: "public",
};

/** An internal event: the training and study fields belong to it. */
const internal = { visibility: "internal", invitees: "张三 13800000001" };

describe("eventSchema", () => {
  it("stores Shanghai times as UTC and numbers as numbers", () => {
    const event = eventSchema.parse(valid);
    expect(event.startsAt).toBe("2026-12-04T01:00:00.000Z");
    expect(event.capacity).toBe(80);
    expect(event.campaignId).toBeNull();
    expect(eventSchema.parse({ ...valid, capacity: "" }).capacity).toBeNull();
  });

  it.each([
    [{ capacity: "abc" }, "capacity", "form.positiveNumber"],
    [{ capacity: "0" }, "capacity", "form.positiveNumber"],
    [{ capacity: "-3" }, "capacity", "form.positiveNumber"],
    [{ endsAt: "2026-12-04T08:00" }, "endsAt", "form.endBeforeStart"],
    [{ startsAt: "4 December" }, "startsAt", "form.dateTimeFormat"],
    [{ audience: [] }, "audience", "form.chooseAudience"],
    [{ visibility: "internal" }, "invitees", "form.invitationNeeded"],
    [{ visibility: "internal", invitees: "张三 12345" }, "invitees", "form.inviteeLine"],
    // PostgreSQL stores neither a NUL character nor an id past its integer column.
    [{ title: "讲座\u0000" }, "title", "form.invalidCharacters"],
    [{ description: "\u0000" }, "description", "form.invalidCharacters"],
    [{ hostUnitId: "2147483648" }, "hostUnitId", "form.invalidChoice"],
    [{ villageId: "9007199254740993" }, "villageId", "form.invalidChoice"],
    [{ campaignId: "-1" }, "campaignId", "form.invalidChoice"],
    // Credited hours: 0.5 to 24, in half hours.
    [
      { ...internal, training: "on", creditMinutes: "0" },
      "creditMinutes",
      "study.form.creditHours",
    ],
    [
      { ...internal, training: "on", creditMinutes: "24.5" },
      "creditMinutes",
      "study.form.creditHours",
    ],
    [
      { ...internal, training: "on", creditMinutes: "1.25" },
      "creditMinutes",
      "study.form.creditHours",
    ],
    [
      { ...internal, training: "on", creditMinutes: "两小时" },
      "creditMinutes",
      "study.form.creditHours",
    ],
    [{ ...internal, studyKind: "seminar" }, "studyKind", "form.invalidChoice"],
    [{ ...internal, chair: "长".repeat(41) }, "chair", "form.tooLong"],
    [{ ...internal, minutes: "\u0000" }, "minutes", "form.invalidCharacters"],
  ])("rejects %o at %s", (change, field, message) => {
    const result = eventSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)[field]).toBe(message);
  });

  it("reads training hours, pass-only check-in and the study fields", () => {
    const event = eventSchema.parse({
      ...valid,
      ...internal,
      training: "on",
      creditMinutes: " 1.5 ",
      passesOnly: "on",
      studyKind: "progress_meeting",
      chair: " 顾建新 ",
      minutes: "会议学习了《法治政府建设实施纲要》。",
    });
    expect(event).toMatchObject({
      training: true,
      creditMinutes: 90,
      passesOnly: true,
      studyKind: "progress_meeting",
      chair: "顾建新",
      minutes: "会议学习了《法治政府建设实施纲要》。",
    });
    expect(eventSchema.parse({ ...valid, ...internal, creditMinutes: "24" }).creditMinutes).toBe(
      1440,
    );
    expect(eventSchema.parse({ ...valid, ...internal, creditMinutes: "0.5" }).creditMinutes).toBe(
      30,
    );
    // Left empty (or not sent by an older form): no training, the duration, no study kind.
    expect(eventSchema.parse(valid)).toMatchObject({
      training: false,
      creditMinutes: null,
      passesOnly: false,
      studyKind: null,
      chair: null,
      minutes: null,
    });
  });

  it("ignores the internal fields of a public event, valid or not, and refuses an internal kind", () => {
    const event = eventSchema.parse({
      ...valid,
      invitees: "张三 12345",
      training: "on",
      creditMinutes: "两小时",
      passesOnly: "on",
      studyKind: "seminar",
      chair: "顾建新",
      minutes: "纪要",
    });
    expect(event).toMatchObject({
      visibility: "public",
      invitees: [],
      training: false,
      creditMinutes: null,
      passesOnly: false,
      studyKind: null,
      chair: null,
      minutes: null,
    });
    for (const format of ["training", "central_group", "duty_report", "progress_meeting"]) {
      const result = eventSchema.safeParse({ ...valid, format });
      expect(result.success).toBe(false);
      if (!result.success) expect(fieldErrors(result.error).format).toBe("form.formatInternal");
      expect(eventSchema.safeParse({ ...valid, ...internal, format }).success).toBe(true);
    }
  });

  it("reads an invitation list of names and mobile numbers", () => {
    const event = eventSchema.parse({
      ...valid,
      visibility: "internal",
      invitees: "张三 138 1234 5678\n\n李四，13987654321",
    });
    expect(event.invitees).toEqual([
      { name: "张三", phone: "13812345678" },
      { name: "李四", phone: "13987654321" },
    ]);
  });
});

describe("eventReportSchema", () => {
  it("takes empty figures as unknown and rejects what is not a whole number", () => {
    expect(
      eventReportSchema.parse({ estimatedCrowd: "", materialsHandedOut: "300" }),
    ).toMatchObject({
      estimatedCrowd: null,
      materialsHandedOut: 300,
    });
    const bad = eventReportSchema.safeParse({ estimatedCrowd: "-1" });
    expect(bad.success || fieldErrors(bad.error).estimatedCrowd).toBe("form.wholeNumber");
  });
});
