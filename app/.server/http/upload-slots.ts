/**
 * The upload slots of one process: at most `limit` uploads are read and handled at once, and a
 * caller holds at most one of them, so no single account or link can take them all.
 */
export function uploadSlots(limit: number) {
  const holders = new Set<string>();
  return {
    /** A slot for this caller and the function that frees it (once), or null: none is free. */
    claim(caller: string): (() => void) | null {
      if (holders.size >= limit || holders.has(caller)) return null;
      holders.add(caller);
      let held = true;
      return () => {
        if (held) holders.delete(caller);
        held = false;
      };
    },
    /** Slots held now. */
    get held() {
      return holders.size;
    },
  };
}
