// The metrics whose targets fail CI (`npm run test:bench`, the last step of
// `npm test`). A metric joins this list when the issue that set its target is
// resolved: from then on a regression fails the build. Metrics not listed are
// still measured and recorded on every CI run, and `npm run bench` (all
// targets) still exits 1 while any of them is missed, so nothing is hidden;
// they only do not block landing work on other issues while their own issue
// is open. Likewise a benchmark module that crashes fails CI only when it
// reports a gated metric; any other module's failure is printed and recorded
// (`failedBenchmarks` in the results) as an open defect.
export const GATED_METRICS: ReadonlySet<string> = new Set<string>([
  // Issue 2 (foundation).
  'vault_open_ms',
]);

/** The modules that report gated metrics: their failure fails CI. */
export const GATED_BENCHMARKS: ReadonlySet<string> = new Set<string>(['vault']);
