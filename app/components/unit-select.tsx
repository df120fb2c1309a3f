import { useI18n } from "~/lib/use-i18n";

type Unit = { id: number; name: string; level: string; depth: number };

/** The units a staff member may choose, indented as the tree they form. */
export function UnitOptions({ units }: { units: Unit[] }) {
  const { t } = useI18n();
  return units.map((unit) => (
    <option key={unit.id} value={unit.id}>
      {"　".repeat(unit.depth)}
      {t("common.aside", { text: unit.name, aside: t(`level.${unit.level as "village"}`) })}
    </option>
  ));
}
