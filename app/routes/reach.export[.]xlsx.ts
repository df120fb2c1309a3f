import { reachExportLoader } from "~/.server/reach/export";

// The reach dashboard of the page's period and unit as XLSX; every export is audited.
export const loader = reachExportLoader("xlsx");
