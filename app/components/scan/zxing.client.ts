import { BarcodeDetector, prepareZXingModule } from "barcode-detector/ponyfill";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

// The BarcodeDetector polyfill (ZXing-C++ in WebAssembly), for browsers without the native one.
// Loaded by the scan page only: when its camera starts, and beforehand for the offline door. The polyfill fetches its .wasm from a CDN
// unless told otherwise: we serve the file ourselves, so no request leaves our origin.

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) =>
      path.endsWith(".wasm") ? wasmUrl : prefix + path,
  },
});

export { BarcodeDetector };

/**
 * Fetches the decoder's WebAssembly now, while there is a signal, so that the offline door's
 * worker keeps it (door/offline-door.ts): the camera then works at the door without one.
 */
export async function fetchDecoder() {
  await (await fetch(wasmUrl)).arrayBuffer();
}
