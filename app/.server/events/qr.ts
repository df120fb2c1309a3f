import QRCode from "qrcode";

// QR codes are drawn on the server: the poster prints without JavaScript and the projector gets a
// ready image. Level Q survives a quarter of the code being smudged, torn or glared on a screen;
// the quiet zone of 4 modules is what scanners need to find the code on a busy wall.

const options = { errorCorrectionLevel: "Q", margin: 4 } as const;

/** The QR code of `text` as an SVG document (black on white, scales to any size). */
export function qrSvg(text: string) {
  return QRCode.toString(text, { ...options, type: "svg" });
}

/** The QR code of `text` as a PNG image `width` pixels square. */
export function qrPng(text: string, width = 1200) {
  return QRCode.toBuffer(text, { ...options, type: "png", width });
}
