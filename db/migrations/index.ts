import type { Migration } from "kysely";
import * as foundation from "./2026-11-28T1-foundation";
import * as events from "./2026-11-28T2-events";
import * as people from "./2026-11-29T1-people";
import * as scope from "./2026-11-29T2-scope";
import * as login from "./2026-11-29T3-login";
import * as audit from "./2026-11-29T4-audit";
import * as campaignEn from "./2026-11-29T5-campaign-en";
import * as learners from "./2026-11-29T6-learners";
import * as invitations from "./2026-11-29T7-invitations";
import * as tally from "./2026-11-29T9c-tally";
import * as deviceIndex from "./2026-11-29T9d-device-index";
import * as linkExpiry from "./2026-12-07T1-link-expiry";
import * as personOwner from "./2026-12-07T2-person-owner";
import * as passHash from "./2026-12-07T3-pass-hash";
import * as unitRetired from "./2026-12-07T4-unit-retired";
import * as unitsAuditPath from "./2026-12-07T6-units-audit-path";
import * as accountsLastLogin from "./2026-12-07T7-accounts-last-login";
import * as eventCancelledFrom from "./2026-12-07T8-event-cancelled-from";
import * as checkinRate from "./2026-12-07T9-checkin-rate";
import * as orderedChecked from "./2026-12-08T1-ordered-checked";
import * as reachRollup from "./2026-12-08T2-reach-rollup";
import * as retention from "./2026-12-09T1-retention";
import * as sensitiveReads from "./2026-12-09T2-sensitive-reads";
import * as personMerge from "./2026-12-09T3-person-merge";
import * as noticeVersions from "./2026-12-09T4-notice-versions";
import * as publishConsent from "./2026-12-09T5-publish-consent";
import * as checkinFunctions from "./2026-12-09T6-checkin-functions";
import * as privacyChecked from "./2026-12-09T7-privacy-checked";
import * as photos from "./2026-12-10T1-photos";
import * as offlineSync from "./2026-12-10T3-offline-sync";
import * as doorPurge from "./2026-12-11T1-door-purge";

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  "2026-11-28T1-foundation": foundation,
  "2026-11-28T2-events": events,
  "2026-11-29T1-people": people,
  "2026-11-29T2-scope": scope,
  "2026-11-29T3-login": login,
  "2026-11-29T4-audit": audit,
  "2026-11-29T5-campaign-en": campaignEn,
  "2026-11-29T6-learners": learners,
  "2026-11-29T7-invitations": invitations,
  "2026-11-29T9c-tally": tally,
  "2026-11-29T9d-device-index": deviceIndex,
  "2026-12-07T1-link-expiry": linkExpiry,
  "2026-12-07T2-person-owner": personOwner,
  "2026-12-07T3-pass-hash": passHash,
  "2026-12-07T4-unit-retired": unitRetired,
  "2026-12-07T6-units-audit-path": unitsAuditPath,
  "2026-12-07T7-accounts-last-login": accountsLastLogin,
  "2026-12-07T8-event-cancelled-from": eventCancelledFrom,
  "2026-12-07T9-checkin-rate": checkinRate,
  "2026-12-08T1-ordered-checked": orderedChecked,
  "2026-12-08T2-reach-rollup": reachRollup,
  "2026-12-09T1-retention": retention,
  "2026-12-09T2-sensitive-reads": sensitiveReads,
  "2026-12-09T3-person-merge": personMerge,
  "2026-12-09T4-notice-versions": noticeVersions,
  "2026-12-09T5-publish-consent": publishConsent,
  "2026-12-09T6-checkin-functions": checkinFunctions,
  "2026-12-09T7-privacy-checked": privacyChecked,
  "2026-12-10T1-photos": photos,
  "2026-12-10T3-offline-sync": offlineSync,
  "2026-12-11T1-door-purge": doorPurge,
};
