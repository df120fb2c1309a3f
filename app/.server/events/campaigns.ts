import type { Db } from "../db";

/** The standing national and provincial campaigns, as month-day windows each year. */
const standingCampaigns = [
  { name: "农民工学法活动周", starts: "02-15", ends: "03-15" },
  { name: "4·15 全民国家安全教育日", starts: "04-08", ends: "04-22" },
  { name: "民法典宣传月", starts: "05-01", ends: "05-31" },
  { name: "送法进企业", starts: "01-01", ends: "12-31" },
  { name: "宪法宣传周", starts: "12-01", ends: "12-07" },
];

export const CAMPAIGN_YEARS = [2024, 2025, 2026];

/** Adds the standing campaigns for the given years where missing; safe to run at every start. */
export async function ensureCampaigns(db: Db, years = CAMPAIGN_YEARS) {
  await db
    .insertInto("campaign")
    .values(
      years.flatMap((year) =>
        standingCampaigns.map((c) => ({
          name: c.name,
          year,
          starts_on: `${year}-${c.starts}`,
          ends_on: `${year}-${c.ends}`,
        })),
      ),
    )
    .onConflict((oc) => oc.columns(["name", "year"]).doNothing())
    .execute();
}
