// Moves this process's clock ahead by GRIDWALL_CLOCK_AHEAD_DAYS days (default 365): `Date.now()` and
// `new Date()` read that much later; timers, `performance.now()` and dates given explicitly are left
// alone. Loaded with `node --import` (vitest's "a year ahead" project, vitest.config.ts) so that the
// suites whose outcome could depend on today's date run as they will a year from now. Every node
// process started from here (a server spawned by a test, the CLI) inherits it through NODE_OPTIONS.
// Plain JavaScript: node loads it before any TypeScript loader.
const days = Number(process.env.GRIDWALL_CLOCK_AHEAD_DAYS ?? 365);
const offsetMs = days * 86_400_000;

if (offsetMs !== 0 && !globalThis.__gridwallClockAhead) {
  const RealDate = Date;
  class DateAhead extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }

    static now() {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = DateAhead;
  globalThis.__gridwallClockAhead = days;
  process.env.GRIDWALL_CLOCK_AHEAD_DAYS = String(days);
  const self = `--import=${new URL(import.meta.url).href}`;
  if (!(process.env.NODE_OPTIONS ?? '').includes(self)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${self}`.trim();
}
