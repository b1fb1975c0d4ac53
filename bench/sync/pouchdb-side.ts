// The whole PouchDB baseline of the sync benchmarks in one call, for
// bench/sync.bench.ts: initial replication of the shared records, then the
// incremental rounds on the synced device, then the load devices, all against
// one express-pouchdb server process, which is always stopped at the end.
// The defaults keep the side under about three minutes on this machine with
// 100,000 records (one initial run: PouchDB needs tens of seconds for it).
import type { PouchdbIncrementalOptions, PouchdbIncrementalResult } from './pouchdb-incremental';
import { pouchdbIncremental } from './pouchdb-incremental';
import { pouchdbInitial, type PouchdbInitialResult } from './pouchdb-initial';
import { pouchdbServerOps, type PouchdbLoadPlan, type PouchdbServerOpsResult } from './pouchdb-server-ops';
import type { BenchRecord } from './records';

export interface PouchdbSidePlan {
  readonly initialRuns?: number;
  readonly incremental?: Omit<PouchdbIncrementalOptions, 'progress'>;
  readonly load?: PouchdbLoadPlan;
  readonly compression?: boolean;
}

export interface PouchdbSideResult {
  readonly initial: Omit<PouchdbInitialResult, 'session'>;
  readonly incremental: PouchdbIncrementalResult;
  readonly serverOps: PouchdbServerOpsResult;
  readonly seconds: number;
}

export async function runPouchdbSide(
  records: readonly BenchRecord[],
  tempDir: string,
  plan: PouchdbSidePlan = {},
  progress: (message: string) => void = () => undefined,
): Promise<PouchdbSideResult> {
  const started = performance.now();
  const { session, ...initial } = await pouchdbInitial(records, tempDir, {
    runs: plan.initialRuns ?? 1,
    ...(plan.compression === undefined ? {} : { compression: plan.compression }),
    progress,
  });
  try {
    const incremental = await pouchdbIncremental(session, { ...plan.incremental, progress });
    progress(`PouchDB load: ${plan.load?.devices ?? 200} devices`);
    const serverOps = await pouchdbServerOps(session, plan.load);
    progress(`PouchDB load: ${serverOps.opsPerSecond} ops/s, p95 ${serverOps.p95Ms} ms, ${serverOps.errors} errors`);
    return { initial, incremental, serverOps, seconds: (performance.now() - started) / 1000 };
  } finally {
    await session.close();
  }
}
