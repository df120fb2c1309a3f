// poster: words of this feature (filled as it is built).

export const zh = {} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, string> = {};
