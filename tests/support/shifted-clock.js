// Preloaded into a server started by a test (node --import) to run it on another date: the clock
// starts at PUFA_TEST_CLOCK and runs on from there. Only Date moves; timers keep real time, as
// with vitest's vi.useFakeTimers({ toFake: ["Date"] }) inside a test process.
const offset = Date.parse(process.env.PUFA_TEST_CLOCK ?? "") - Date.now();
if (Number.isNaN(offset)) throw new Error("PUFA_TEST_CLOCK must be an ISO date");

const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = ShiftedDate;
