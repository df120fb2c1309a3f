import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";

type Node = {
  id: number;
  name: string;
  level: string;
  retired: boolean;
  children: Node[];
};

/**
 * The scope's units as a tree: the top unit and the units right below it in view, each of those
 * folding what lies below it (a district's 14 sub-districts, not its 250 villages, at first).
 */
export function UnitTree({ tree, openId }: { tree: Node[]; openId: number | null }) {
  return (
    <ul className="tree unit-tree">
      {tree.map((node) => (
        <TreeItem key={node.id} node={node} depth={0} openId={openId} />
      ))}
    </ul>
  );
}

function TreeItem({ node, depth, openId }: { node: Node; depth: number; openId: number | null }) {
  const { t } = useI18n();
  const below = node.children.length ? (
    <ul className="tree">
      {node.children.map((child) => (
        <TreeItem key={child.id} node={child} depth={depth + 1} openId={openId} />
      ))}
    </ul>
  ) : null;
  return (
    <li data-depth={Math.min(depth, 3)}>
      <Link to={`/units/${node.id}`}>{node.name}</Link>{" "}
      <span className="tag">{t(`level.${node.level as "village"}`)}</span>
      {node.retired ? <span className="tag tag-muted">{t("units.retired")}</span> : null}
      {below && depth > 0 ? (
        <details open={openId === node.id || undefined}>
          <summary>{t("units.below", { count: node.children.length, name: node.name })}</summary>
          {below}
        </details>
      ) : (
        below
      )}
    </li>
  );
}
