/**
 * The columns of a roster file, in the template's order: the import reads them by their header
 * (Chinese or English, `roster.col.<column>`), the template and the export write them.
 */
export const rosterColumns = [
  "name",
  "phone",
  "village",
  "category",
  "recognisedOn",
  "certificateNo",
  "adviser",
] as const;
export type RosterColumn = (typeof rosterColumns)[number];
