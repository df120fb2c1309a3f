import { Link } from "@remix-run/react";
import { Fragment } from "react";
import type { AccountAttention, subdistrictGaps } from "~/.server/admin/attention";
import type { FirstSteps } from "~/.server/admin/first-steps";
import { formatDateTime } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";

/** Units as links to their pages, in a sentence ("横泾街道、长桥街道"), or "none". */
function UnitLinks({ units }: { units: { id: number; name: string }[] }) {
  const { t } = useI18n();
  if (units.length === 0) return <>{t("admin.home.none")}</>;
  return (
    <>
      {units.map((unit, index) => (
        <Fragment key={unit.id}>
          {index > 0 ? t("admin.home.listSeparator") : null}
          <Link to={`/units/${unit.id}`}>{unit.name}</Link>
        </Fragment>
      ))}
    </>
  );
}

/** Accounts of the admin's units that need a look, each linking to its page. */
export function AccountsPanel({ accounts }: { accounts: AccountAttention[] }) {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="attention-accounts">
      <h2 id="attention-accounts">{t("admin.home.accounts")}</h2>
      {accounts.length === 0 ? (
        <p>{t("admin.home.accountsNone")}</p>
      ) : (
        <ul className="attention-list">
          {accounts.map((account) => (
            <li key={account.id}>
              <Link to={`/admin/users/${account.id}`}>
                {t("admin.home.account", {
                  name: account.displayName,
                  username: account.username,
                })}
              </Link>{" "}
              · {account.unitName}
              <br />
              {[
                account.firstPassword ? t("admin.home.firstPassword") : null,
                account.lockedUntil
                  ? t("admin.home.locked", { until: formatDateTime(lang, account.lockedUntil) })
                  : null,
                account.failedLogins > 0
                  ? t("admin.home.failedLogins", { count: account.failedLogins })
                  : null,
              ]
                .filter(Boolean)
                .join(t("common.itemSeparator"))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Gaps = ReturnType<typeof subdistrictGaps>;

/** Sub-districts without an organiser, a roster or targets. */
export function SubdistrictsPanel({ gaps }: { gaps: Gaps }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="attention-units">
      <h2 id="attention-units">{t("admin.home.units")}</h2>
      <ul className="attention-list">
        <li>
          <strong>{t("admin.home.withoutOrganiser")}</strong>
          {t("admin.home.colon")}
          <UnitLinks units={gaps.withoutOrganiser} />
        </li>
        <li>
          <strong>{t("admin.home.withoutRoster")}</strong>
          {t("admin.home.colon")}
          <UnitLinks units={gaps.withoutRoster} />
        </li>
        <li>
          <strong>{t("admin.home.withoutTargets")}</strong>
          {t("admin.home.colon")}
          <UnitLinks units={gaps.withoutTargets} />
          <br />
          {t("admin.home.targetsRule")}
          {gaps.inheritedTargets.length > 0
            ? ` ${t("admin.home.inherited", {
                units: gaps.inheritedTargets
                  .map((unit) => t("admin.home.inheritedFrom", unit))
                  .join(t("admin.home.listSeparator")),
              })}`
            : null}
        </li>
      </ul>
    </section>
  );
}

/** Where the admin's work is done. */
export function AdminLinks() {
  const { t } = useI18n();
  const links = [
    ["/units", "nav.units"],
    ["/admin/users", "nav.users"],
    ["/admin/audit", "nav.audit"],
    ["/admin/sensitive-reads", "nav.sensitiveReads"],
    ["/admin/settings", "nav.settings"],
  ] as const;
  return (
    <nav className="card" aria-labelledby="admin-links">
      <h2 id="admin-links">{t("admin.home.links")}</h2>
      <ul className="admin-links">
        {links.map(([to, label]) => (
          <li key={to}>
            <Link to={to}>{t(label)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function StepList({ list }: { list: FirstSteps }) {
  const { t } = useI18n();
  return (
    <ol className="first-steps">
      {list.steps.map((step) => {
        const name = t(`admin.step.${step.key}`);
        return (
          <li key={step.key} className={step.done ? "step-done" : "step-todo"}>
            <span className="step-mark" aria-hidden="true">
              {step.done ? "✓" : "○"}
            </span>
            <span className="visually-hidden">
              {t(step.done ? "admin.step.done" : "admin.step.todo")}
            </span>
            {step.href ? <Link to={step.href}>{name}</Link> : <span>{name}</span>}
            {step.key === "targets" ? (
              <span className="step-note">
                {list.targets.kind === "own"
                  ? t("admin.step.targetsOwn")
                  : list.targets.kind === "inherited"
                    ? t("admin.step.targetsInherited", { from: list.targets.from })
                    : t("admin.step.targetsNone")}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A new office's first steps, each ticked when done and linking to where it is done: open while
 * the office has recorded nothing, folded once it has (until the last step is done).
 */
export function FirstStepsPanel({ list }: { list: FirstSteps }) {
  const { t } = useI18n();
  const title = t("admin.firstSteps.title", { unit: list.unitName });
  const progress = t("admin.firstSteps.progress", { done: list.done, total: list.steps.length });
  if (!list.open) {
    return (
      <details className="card first-steps-card">
        <summary>
          {title} · {progress}
        </summary>
        <StepList list={list} />
      </details>
    );
  }
  const id = `first-steps-${list.unitId}`;
  return (
    <section className="card first-steps-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>
        {t("admin.firstSteps.intro")} {progress}
      </p>
      <StepList list={list} />
    </section>
  );
}
