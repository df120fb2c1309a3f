import { NavLink } from "@remix-run/react";
import stylesUrl from "~/styles/study.css?url";
import { useI18n } from "~/lib/use-i18n";

/** Every study page's stylesheet. */
export const studyLinks = () => [{ rel: "stylesheet", href: stylesUrl }];

/** The study pages, linked from each of them. */
export function StudyNav({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  return (
    <nav className="study-nav" aria-label={t("study.links")}>
      <ul>
        <li>
          <NavLink to="/study" end>
            {t("study.overview")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/study/cadres">{t("study.cadres")}</NavLink>
        </li>
        {canWrite ? (
          <li>
            <NavLink to="/study/sessions/new">{t("study.sessions.new")}</NavLink>
          </li>
        ) : null}
        <li>
          <NavLink to="/study/plan">{t("study.plan")}</NavLink>
        </li>
        <li>
          <NavLink to="/study/reports">{t("study.reports")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
