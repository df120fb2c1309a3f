import { useEffect, useRef, useState } from "react";
import { useI18n } from "~/lib/use-i18n";

type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** The same code seen again within this time is the same card still in view, not a new scan. */
const REPEAT_MS = 3000;
const FRAME_MS = 120;

async function detectorClass(): Promise<DetectorClass> {
  const native = (window as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native) return native;
  return (await import("./zxing.client")).BarcodeDetector as unknown as DetectorClass;
}

/**
 * The camera: the browser's BarcodeDetector where it exists, else the ZXing polyfill (loaded
 * only now). Each new code goes to `onCode`; the same code again within 3 seconds is ignored.
 */
export function ScanCamera({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [state, setState] = useState<"off" | "starting" | "on" | "failed">("off");
  const latest = useRef(onCode);
  latest.current = onCode;

  useEffect(() => {
    if (!running) return;
    setState("starting");
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer = 0;
    const last = { code: "", at: 0 };
    (async () => {
      try {
        const Detector = await detectorClass();
        const detector = new Detector({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setState("on");
        const look = async () => {
          if (stopped || !video.current) return;
          try {
            const [found] = await detector.detect(video.current);
            const now = Date.now();
            if (found && (found.rawValue !== last.code || now - last.at > REPEAT_MS)) {
              latest.current(found.rawValue);
            }
            if (found) Object.assign(last, { code: found.rawValue, at: now });
          } catch {
            // A frame that cannot be read (the video not ready yet): try the next one.
          }
          timer = window.setTimeout(look, FRAME_MS);
        };
        look();
      } catch {
        if (!stopped) {
          setState("failed");
          setRunning(false);
        }
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [running]);

  return (
    <div className="scan-camera">
      <button
        type="button"
        className="secondary"
        onClick={() => {
          if (running) setState("off");
          setRunning(!running);
        }}
      >
        {t(running ? "scan.cameraStop" : "scan.camera")}
      </button>
      <p className="hint" aria-live="polite">
        {state === "starting" ? t("scan.cameraStarting") : null}
        {state === "on" ? t("scan.cameraOn") : null}
        {state === "failed" ? t("scan.cameraFailed") : null}
      </p>
      {running ? (
        <video ref={video} className="scan-video" muted playsInline aria-label={t("scan.video")} />
      ) : null}
    </div>
  );
}
