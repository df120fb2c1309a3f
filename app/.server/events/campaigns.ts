import { isoToShanghaiLocal } from "~/lib/time";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";

/** The standing national and provincial campaigns, as month-day windows each year. */
const standingCampaigns = [
  {
    name: "农民工学法活动周",
    nameEn: "Migrant Workers' Law Study Week",
    starts: "02-15",
    ends: "03-15",
  },
  {
    name: "4·15 全民国家安全教育日",
    nameEn: "National Security Education Day (15 April)",
    starts: "04-08",
    ends: "04-22",
  },
  { name: "民法典宣传月", nameEn: "Civil Code Month", starts: "05-01", ends: "05-31" },
  { name: "送法进企业", nameEn: "Law Goes to Enterprises", starts: "01-01", ends: "12-31" },
  { name: "宪法宣传周", nameEn: "Constitution Week", starts: "12-01", ends: "12-07" },
];

/** The calendar year of an instant in Asia/Shanghai, where the events take place. */
const shanghaiYear = (iso: string) => Number(isoToShanghaiLocal(iso).slice(0, 4));

/** This year and next: the years whose campaigns an organiser plans for, by the clock. */
export function currentCampaignYears() {
  const year = shanghaiYear(now());
  return [year, year + 1];
}

/** Adds the standing campaigns for the given years where missing; safe to run at every start. */
export async function ensureCampaigns(db: Db, years: readonly number[] = currentCampaignYears()) {
  await db
    .insertInto("campaign")
    .values(
      years.flatMap((year) =>
        standingCampaigns.map((c) => ({
          name: c.name,
          name_en: c.nameEn,
          year,
          starts_on: `${year}-${c.starts}`,
          ends_on: `${year}-${c.ends}`,
        })),
      ),
    )
    .onConflict((oc) => oc.columns(["name", "year"]).doNothing())
    .execute();
}

/**
 * An event is filed under a campaign of the year it starts in. Saving an event ensures its year's
 * standing campaigns, so an event dated years ahead finds them when it is edited.
 */
export async function requireCampaignOfEventYear(
  db: Db,
  input: { campaignId: number | null; startsAt: string },
) {
  const year = shanghaiYear(input.startsAt);
  await ensureCampaigns(db, [year]);
  if (input.campaignId === null) return;
  const campaign = await db
    .selectFrom("campaign")
    .select("year")
    .where("id", "=", input.campaignId)
    .executeTakeFirst();
  if (!campaign) throw new AppError("BAD_REQUEST", "form.invalidChoice", "campaignId");
  if (campaign.year !== year) {
    throw new AppError("BAD_REQUEST", "form.campaignOtherYear", "campaignId");
  }
}

/**
 * The campaigns the event form offers: this year's and later ones, and those of the edited
 * event's own year (an event of a past year keeps its campaign when it is edited).
 */
export async function listCampaignChoices(db: Db, input: { eventStartsAt?: string }) {
  const thisYear = shanghaiYear(now());
  const eventYear = input.eventStartsAt ? shanghaiYear(input.eventStartsAt) : thisYear;
  return db
    .selectFrom("campaign")
    .select(["id", "name", "name_en", "year"])
    .where((eb) => eb.or([eb("year", ">=", thisYear), eb("year", "=", eventYear)]))
    .orderBy("year")
    .orderBy("starts_on")
    .execute();
}

/**
 * The campaign a copy of an event is filed under: the same campaign in the year the copy starts
 * in ("same, next week" from late December lands in next year's 送法进企业), or none.
 */
export async function campaignForCopy(
  db: Db,
  input: { campaignId: number | null; startsAt: string },
) {
  if (input.campaignId === null) return null;
  const year = shanghaiYear(input.startsAt);
  await ensureCampaigns(db, [year]);
  const same = await db
    .selectFrom("campaign as source")
    .innerJoin("campaign", "campaign.name", "source.name")
    .select("campaign.id")
    .where("source.id", "=", input.campaignId)
    .where("campaign.year", "=", year)
    .executeTakeFirst();
  return same?.id ?? null;
}
