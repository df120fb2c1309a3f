import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { Shown } from "~/.server/admin/settings";
import { deploymentSettings } from "~/.server/admin/settings";
import { requireRole } from "~/.server/auth/guards";
import { rolesFor } from "~/.server/scope";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import adminStyles from "~/styles/admin.css?url";

export const meta = pageTitle("admin.settings.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesFor.manageAccounts);
  return { settings: deploymentSettings() };
}

export default function Settings() {
  const { t } = useI18n();
  const { settings } = useLoaderData<typeof loader>();
  const say = (shown: Shown) => t(shown.key, shown.values);
  return (
    <>
      <h1>{t("admin.settings.title")}</h1>
      <p>{t("admin.settings.intro")}</p>
      <ul className="settings-list">
        {settings.map((setting) => (
          <li key={setting.name} aria-labelledby={`setting-${setting.name}`}>
            <h2 id={`setting-${setting.name}`}>
              <code>{setting.name}</code>
            </h2>
            <p>{say(setting.about)}</p>
            <dl className="settings-facts">
              <div>
                <dt>{t("admin.settings.value")}</dt>
                <dd>{say(setting.value)}</dd>
              </div>
              <div>
                <dt>{t("admin.settings.default")}</dt>
                <dd>{say(setting.fallback)}</dd>
              </div>
              <div>
                <dt>{t("admin.settings.source")}</dt>
                <dd>{t(setting.set ? "admin.settings.fromEnv" : "admin.settings.fromDefault")}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
