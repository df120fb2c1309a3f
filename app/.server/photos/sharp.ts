import type Sharp from "sharp";

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp (libvips), loaded when the first image is made, not when a server process starts: most
 * processes (a standby, a worker that never sees a photo or a shared link, every test's server)
 * never need it. One libvips thread per image: photos are decoded a few at a time (process.ts)
 * beside the thread that serves everyone else.
 */
export function loadSharp() {
  return (loading ??= import("sharp").then(
    ({ default: sharp }) => {
      sharp.concurrency(1);
      return sharp;
    },
    (error: unknown) => {
      // Not kept: the next image tries again (and says why again) instead of failing for good.
      loading = undefined;
      throw error;
    },
  ));
}
