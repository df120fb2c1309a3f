// What the door hears and feels after a scan: a short high beep for yes, a low buzz for no, and a
// vibration where the phone has one. Drawn with Web Audio: no sound file to load.

let context: AudioContext | null = null;

export function signal(ok: boolean) {
  try {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = ok ? "sine" : "square";
    oscillator.frequency.value = ok ? 1320 : 220;
    gain.gain.value = 0.15;
    oscillator.connect(gain).connect(context.destination);
    const start = context.currentTime;
    oscillator.start(start);
    oscillator.stop(start + (ok ? 0.12 : 0.4));
  } catch {
    // No audio (a browser that refuses it before a tap): the answer on screen is enough.
  }
  navigator.vibrate?.(ok ? 80 : [120, 60, 120]);
}
