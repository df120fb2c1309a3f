import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { formatStamp } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import type { Cell } from "../exports/cells";
import { dayCell, stampCell } from "../exports/cells";
import type { Sheet } from "../exports/workbook";
import { workbookBytes } from "../exports/workbook";
import type { PersonData } from "./person-data";
import { personData } from "./person-data";
import { recordSensitiveRead } from "./sensitive-reads";

// A copy of all held about one person, for them (issue 18 item 2): XLSX to read, JSON to carry
// elsewhere. The file holds the phone in full; the logs hold only that an export happened.

export type PersonExportFormat = "xlsx" | "json";

const stamp = (iso: string | null): Cell => (iso ? stampCell(iso) : "");

/** The sheets of the XLSX, in the reader's language, one per kind of record. */
function sheetsOf(t: ReturnType<typeof translator>, data: PersonData): Sheet[] {
  const { person } = data;
  return [
    {
      name: t("person.sheet.person"),
      header: [
        t("person.name"),
        t("person.phone"),
        t("person.village"),
        t("person.employer"),
        t("person.group"),
        t("person.unit"),
        t("person.created"),
      ],
      rows: [
        [
          person.name,
          person.phone ?? "",
          person.village_name ?? "",
          person.employer ?? "",
          t(`checkin.group.${person.audience_group}`),
          person.unit_name,
          stampCell(person.created_at),
        ],
      ],
    },
    {
      name: t("person.sheet.consents"),
      header: [
        t("person.consent.version"),
        t("person.consent.first"),
        t("person.consent.uses"),
        t("person.consent.notice"),
        t("person.consent.shownFrom"),
        t("person.consent.shownUntil"),
      ],
      rows: data.consents.map((consent) => [
        consent.version,
        stamp(consent.firstAt),
        consent.checkins,
        consent.notice ? t(`person.notice.${consent.notice.kind}`) : t("person.notice.unknown"),
        stamp(consent.notice?.validFrom ?? null),
        stamp(consent.notice?.validUntil ?? null),
      ]),
    },
    {
      name: t("person.withdrawals"),
      header: [t("person.withdrawal.at"), t("person.consent.version")],
      rows: data.withdrawals.map((withdrawal) => [
        stampCell(withdrawal.withdrawn_at),
        withdrawal.consent_version ?? "",
      ]),
    },
    {
      name: t("person.checkins"),
      header: [
        t("person.checkin.event"),
        t("person.checkin.at"),
        t("person.checkin.method"),
        t("person.name"),
        t("person.group"),
        t("person.employer"),
        t("person.consent.version"),
      ],
      rows: data.checkins.map((checkin) => [
        checkin.event_title,
        stampCell(checkin.checked_in_at),
        t(`method.${checkin.method}`),
        checkin.name,
        t(`checkin.group.${checkin.audience_group}`),
        checkin.employer ?? "",
        checkin.consent_version ?? "",
      ]),
    },
    {
      name: t("person.roster"),
      header: [
        t("person.roster.village"),
        t("person.roster.category"),
        t("person.roster.status"),
        t("person.roster.recognised"),
        t("person.roster.certificate"),
      ],
      rows: data.roster.map((entry) => [
        entry.village_name,
        t(`roster.category.${entry.category}`),
        t(`roster.status.${entry.status}`),
        dayCell(entry.recognised_on),
        entry.certificate_no ?? "",
      ]),
    },
    {
      name: t("person.cadres"),
      header: [t("person.cadre.unit"), t("person.cadre.position"), t("person.cadre.status")],
      rows: data.cadres.map((cadre) => [
        cadre.unit_name,
        cadre.position,
        t(`study.cadreStatus.${cadre.status}`),
      ]),
    },
    {
      name: t("person.duties"),
      header: [
        t("person.duty.on"),
        t("person.duty.kind"),
        t("person.duty.served"),
        t("person.duty.content"),
      ],
      rows: data.duties.map((duty) => [
        dayCell(duty.occurred_on),
        t(`duty.kind.${duty.kind}`),
        duty.served,
        duty.content,
      ]),
    },
    {
      name: t("person.passes"),
      header: [t("person.pass.issued"), t("person.pass.revoked")],
      rows: data.passes.map((pass) => [stampCell(pass.issued_at), stamp(pass.revoked_at)]),
    },
    {
      name: t("person.invitations"),
      header: [t("person.invitation.event"), t("person.invitation.absence")],
      rows: data.invitations.map((invitation) => [
        invitation.event_title,
        invitation.absence_note ?? invitation.absence_reason ?? "",
      ]),
    },
  ];
}

/** The JSON copy: the records as held, field names in English, times in UTC. */
function jsonOf(data: PersonData) {
  return JSON.stringify(
    {
      exportedAt: new Date().toISOString(),
      person: data.person,
      consents: data.consents,
      withdrawals: data.withdrawals,
      checkins: data.checkins,
      roster: data.roster,
      cadres: data.cadres,
      duties: data.duties,
      passes: data.passes,
      invitations: data.invitations,
    },
    null,
    2,
  );
}

/**
 * The person's data as a file, logged as a sensitive read with the reason given and in the audit
 * log by the person's id and the counts, never their name or phone.
 */
export async function exportPerson(
  db: Db,
  input: {
    actor: Actor;
    personId: number;
    format: PersonExportFormat;
    reason: string;
    lang: Lang;
  },
) {
  const data = await personData(db, { actor: input.actor, personId: input.personId });
  const t = translator(input.lang);
  const body =
    input.format === "json"
      ? jsonOf(data)
      : await workbookBytes({
          title: `${t("person.title")} · ${t("export.exportedAt")} ${formatStamp(new Date().toISOString())}`,
          sheets: sheetsOf(t, data),
        });
  await recordSensitiveRead(db, {
    actor: input.actor,
    purpose: "person_export",
    reason: input.reason,
    records: 1,
    target: `person:${data.person.id}`,
  });
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "person.export",
    target: `person:${data.person.id}`,
    outcome: "success",
    unit_path: input.actor.unitPath,
    detail: `format=${input.format} checkins=${data.checkins.length} roster=${data.roster.length} cadres=${data.cadres.length} duties=${data.duties.length}`,
  });
  return { body, filename: `person-${data.person.id}.${input.format}` };
}
