// The metrics whose targets fail CI (`npm run test:bench`, the last step of
// `npm test`, runs the modules that report them). A metric joins this list
// when the issue that set its target is resolved: from then on a regression
// fails the build. The other modules (import, crm, sync) are far from their
// targets and together take 30-40 minutes on a 2-core machine (the crm one
// builds a 2 GB, 1M-contact vault), which CI's budget cannot carry while they
// prove nothing new; `npm run bench` runs them all and exits 1 while any
// target is missed, so nothing is hidden. `tsx bench/run.ts --ci <names>`
// runs named modules in CI mode: an ungated module's crash is then printed
// and recorded (`failedBenchmarks`), not fatal.
export const GATED_METRICS: ReadonlySet<string> = new Set<string>([
  // Issue 2 (foundation).
  'vault_open_ms',
]);

/** The modules that report gated metrics: their failure fails CI. */
export const GATED_BENCHMARKS: ReadonlySet<string> = new Set<string>(['vault']);
