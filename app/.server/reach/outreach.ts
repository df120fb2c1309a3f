import { sql } from "kysely";
import type { AudienceGroup, EventFormat, EventSetting } from "../../../db/schema";
import { audienceGroups, eventFormats, eventSettings } from "../../../db/schema";
import type { ReachPeriod } from "~/lib/reach-period";
import { periodMonths } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import type { Db } from "../db";
import type { ReachScope } from "./held-events";
import { heldOutreachEvents } from "./held-events";
import type { ReachUnits } from "./units";
import { periodKey, unitOfPath } from "./rollup";
import { branchFinder, servedIn } from "./units";

/** 人次 kept apart: people checked in one by one, and crowds counted by eye. Never mixed. */
export type Attendance = { checkins: number; crowd: number };

export type OutreachFigures = {
  events: number;
  attendance: Attendance;
  /** Different people among the check-ins (a crowd counted by eye has no names). */
  uniquePeople: number;
  materials: number;
  consultations: number;
  byFormat: ({ format: EventFormat; events: number } & Attendance)[];
  bySetting: ({ setting: EventSetting | null; events: number } & Attendance)[];
  byCampaign: ({
    campaignId: number | null;
    name: string | null;
    nameEn: string | null;
    events: number;
  } & Attendance)[];
  byMonth: ({ month: string; events: number } & Attendance)[];
  /**
   * The villages of the scope that served in the period or hold events of it, in tree order, with
   * the events held there by any host.
   */
  villages: ({
    id: number;
    name: string;
    label: string;
    parentId: number | null;
    parentName: string | null;
    events: number;
  } & Attendance)[];
  villagesCovered: number;
  /** Each sub-district below the scope, as its own dashboard counts it. */
  byBranch: ({
    id: number;
    villagesCovered: number;
    villagesTotal: number;
    events: number;
  } & Attendance)[];
  /** Check-ins by the audience group each resident gave at the event. */
  byAudience: { group: AudienceGroup; checkins: number }[];
};

type Tally = { events: number; checkins: number; crowd: number };
const emptyTally = (): Tally => ({ events: 0, checkins: 0, crowd: 0 });

function add(tallies: Map<string, Tally>, key: string, checkins: number, crowd: number) {
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = emptyTally()));
  tally.events += 1;
  tally.checkins += checkins;
  tally.crowd += crowd;
}

/**
 * The outreach part of the dashboard for a period and the caller's scope: 场次, 人次 (check-ins
 * and estimated crowds apart), unique people, materials, consultations, and the breakdowns by
 * format, setting, campaign, month, village and audience group. Figures read what each check-in
 * recorded at the event, so a person's later changes never move them. Check-ins and people come
 * from the roll-ups (reach/rollup.ts): refreshReach must have run at `now` (reachDashboard does).
 */
export async function outreachFigures(
  db: Db,
  input: ReachScope & { period: ReachPeriod; now: string; units: ReachUnits },
): Promise<OutreachFigures> {
  const held = () => heldOutreachEvents(db, input);
  const events = await held()
    .leftJoin("campaign", "campaign.id", "event.campaign_id")
    .select([
      "event.id",
      "event.format",
      "event.setting",
      "event.campaign_id",
      "campaign.name as campaign_name",
      "campaign.name_en as campaign_name_en",
      "event.village_id",
      "host.path as host_path",
      "venue_village.path as village_path",
      "event.starts_at",
      "event.estimated_crowd",
      "event.materials_handed_out",
      "event.consultations",
    ])
    .select((eb) =>
      eb
        .selectFrom("checkin_tally")
        .select((tally) => tally.fn.sum<number | string>("checkins").as("n"))
        .whereRef("checkin_tally.event_id", "=", "event.id")
        .as("checkins"),
    )
    .execute();
  // A village's own dashboard, and days chosen by hand, count from the events' rows; the rest
  // read the unit's roll-ups for the period.
  const village = input.units.villages.some((row) => row.path === input.scopePath);
  const key = village ? null : periodKey(input.period);
  const perGroup =
    key === null
      ? await db
          .selectFrom("checkin_tally")
          .select((eb) => ["audience_group", eb.fn.sum<number | string>("checkins").as("n")])
          .where("event_id", "in", held().select("event.id"))
          .groupBy("audience_group")
          .execute()
      : await db
          .selectFrom("reach_group")
          .select(["audience_group", "checkins as n"])
          .where("unit_id", "=", unitOfPath(input.scopePath))
          .where("period", "=", key)
          .execute();
  const unique =
    key === null
      ? await db
          .selectFrom("checkin")
          .select(sql<number>`count(distinct checkin.person_id)`.as("n"))
          .where("checkin.event_id", "in", held().select("event.id"))
          .executeTakeFirstOrThrow()
      : ((await db
          .selectFrom("reach_count")
          .select("people as n")
          .where("unit_id", "=", unitOfPath(input.scopePath))
          .where("period", "=", key)
          .executeTakeFirst()) ?? { n: 0 });

  const audience = new Map(perGroup.map((row) => [row.audience_group, Number(row.n)]));

  const total = emptyTally();
  let materials = 0;
  let consultations = 0;
  const byFormat = new Map<string, Tally>();
  const bySetting = new Map<string, Tally>();
  const byCampaign = new Map<string, Tally>();
  const campaignNames = new Map<
    string,
    { id: number | null; name: string | null; nameEn: string | null }
  >();
  const byMonth = new Map<string, Tally>();
  const byVillage = new Map<string, Tally>();
  const byBranch = new Map<string, Tally>();
  const branchOf = branchFinder(input.units.branches);
  for (const event of events) {
    const checkins = Number(event.checkins ?? 0);
    const crowd = event.estimated_crowd ?? 0;
    total.events += 1;
    total.checkins += checkins;
    total.crowd += crowd;
    materials += event.materials_handed_out ?? 0;
    consultations += event.consultations ?? 0;
    add(byFormat, event.format, checkins, crowd);
    add(bySetting, event.setting ?? "", checkins, crowd);
    const campaignKey = String(event.campaign_id ?? "");
    add(byCampaign, campaignKey, checkins, crowd);
    campaignNames.set(campaignKey, {
      id: event.campaign_id,
      name: event.campaign_name,
      nameEn: event.campaign_name_en,
    });
    add(byMonth, shanghaiDay(event.starts_at).slice(0, 7), checkins, crowd);
    if (event.village_id !== null) add(byVillage, String(event.village_id), checkins, crowd);
    // The same rule as a sub-district's own dashboard: hosted there, or held in its villages
    // (once when both).
    const hostBranch = branchOf(event.host_path);
    const villageBranch = branchOf(event.village_path);
    if (hostBranch !== undefined) add(byBranch, String(hostBranch), checkins, crowd);
    if (villageBranch !== undefined && villageBranch !== hostBranch) {
      add(byBranch, String(villageBranch), checkins, crowd);
    }
  }
  const villages = input.units.villages.filter(
    (village) => servedIn(village, input.period) || byVillage.has(String(village.id)),
  );
  const covered = (list: typeof villages) =>
    list.filter((village) => byVillage.has(String(village.id))).length;

  const tallyOf = (map: Map<string, Tally>, key: string) => map.get(key) ?? emptyTally();
  const attendanceOf = ({ events, checkins, crowd }: Tally) => ({ events, checkins, crowd });
  return {
    events: total.events,
    attendance: { checkins: total.checkins, crowd: total.crowd },
    uniquePeople: Number(unique.n),
    materials,
    consultations,
    byFormat: eventFormats
      .filter((format) => byFormat.has(format))
      .map((format) => ({ format, ...attendanceOf(tallyOf(byFormat, format)) })),
    bySetting: [...eventSettings, null]
      .filter((setting) => bySetting.has(setting ?? ""))
      .map((setting) => ({ setting, ...attendanceOf(tallyOf(bySetting, setting ?? "")) })),
    byCampaign: [...byCampaign.entries()]
      .map(([key, tally]) => ({
        campaignId: campaignNames.get(key)!.id,
        name: campaignNames.get(key)!.name,
        nameEn: campaignNames.get(key)!.nameEn,
        ...attendanceOf(tally),
      }))
      .sort((a, b) => b.events - a.events || (a.campaignId ?? 0) - (b.campaignId ?? 0)),
    byMonth: periodMonths(input.period).map((month) => ({
      month,
      ...attendanceOf(tallyOf(byMonth, month)),
    })),
    villages: villages.map((village) => ({
      id: village.id,
      name: village.name,
      label: village.label,
      parentId: village.parentId,
      parentName: village.parentName,
      ...attendanceOf(tallyOf(byVillage, String(village.id))),
    })),
    villagesCovered: covered(villages),
    byBranch: input.units.branches.map((branch) => {
      const own = villages.filter((village) => branchOf(village.path) === branch.id);
      return {
        id: branch.id,
        ...attendanceOf(tallyOf(byBranch, String(branch.id))),
        villagesCovered: covered(own),
        villagesTotal: own.length,
      };
    }),
    byAudience: audienceGroups.map((group) => ({ group, checkins: audience.get(group) ?? 0 })),
  };
}
