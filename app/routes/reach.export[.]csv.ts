import { reachExportLoader } from "~/.server/reach/export";

// The reach dashboard of the page's period and unit as CSV; every export is audited.
export const loader = reachExportLoader("csv");
