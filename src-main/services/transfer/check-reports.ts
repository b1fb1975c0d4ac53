// The reports of checks (dry runs). A check writes nothing to the vault, so
// its report lives here, for import.status to give to the page that started
// it or to one opened since (a rep who leaves the Import page mid-check
// finds its report on coming back). The newest few are kept, all of them
// until the vault locks, as the uploads whose rows they describe are.
import { maxReportedRejections, type ImportStatus, type Rejection } from '../../../src-shared/transfer/import';

/** A check's report with every rejection it kept (maxDryRunRejections), given a page at a time as a run's are. */
export type CheckReport = Omit<ImportStatus, 'rejections'> & { readonly rejections: readonly Rejection[] };

/** Reports kept: as many as the uploads (upload-store.ts), each the report of one check. */
const keptReports = 4;

export class CheckReports {
  readonly #reports = new Map<string, CheckReport>();
  /** Moved by each lock: a check that started before the lock keeps no report after it. */
  #epoch = 0;

  /** Taken when a check starts, and handed back to `keep` when it ends. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Keeps a check's report (the oldest kept goes past keptReports); false when the vault locked since the check started. */
  keep(report: CheckReport, epoch: number): boolean {
    if (epoch !== this.#epoch) return false;
    this.#reports.set(report.jobId, report);
    for (const jobId of this.#reports.keys()) {
      if (this.#reports.size <= keptReports) break;
      this.#reports.delete(jobId);
    }
    return true;
  }

  /** The check's report with its rejections from `from`; null when no check kept here has this id. */
  status(jobId: string, from: number): ImportStatus | null {
    const report = this.#reports.get(jobId);
    return report === undefined ? null : { ...report, rejections: report.rejections.slice(from, from + maxReportedRejections) };
  }

  /** The vault locked: the reports go, and a check still running keeps none. */
  clear(): void {
    this.#reports.clear();
    this.#epoch += 1;
  }
}
