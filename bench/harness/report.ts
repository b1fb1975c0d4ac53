// Records a bench run: the merged metrics as bench/results/latest.json, a
// timestamped copy under bench/results/history/, and the table printed for
// the person (or CI log) watching.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedMetric } from './benchmark';
import type { MachineInfo } from './machine';

export interface BenchReport {
  readonly generatedAt: string;
  readonly machine: MachineInfo;
  readonly metrics: Readonly<Record<string, RecordedMetric>>;
  /** The modules that threw: their metrics are missing, and the run exits 1 (runner.ts). */
  readonly failedBenchmarks?: readonly string[];
}

/** ISO time made safe as a file name on every OS (no colons). */
function fileStamp(iso: string): string {
  return iso.replaceAll(':', '-');
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2) + '\n', 'utf8');
  await rename(temp, file);
}

/** Writes history/<ISO>.json and, for a full run, latest.json; returns the paths written. */
export async function writeReport(
  resultsDir: string,
  report: BenchReport,
  options: { readonly updateLatest: boolean },
): Promise<{ latest: string | null; history: string }> {
  const historyDir = path.join(resultsDir, 'history');
  await mkdir(historyDir, { recursive: true });
  const history = path.join(historyDir, `${fileStamp(report.generatedAt)}.json`);
  await writeJsonAtomically(history, report);
  if (!options.updateLatest) return { latest: null, history };
  const latest = path.join(resultsDir, 'latest.json');
  await writeJsonAtomically(latest, report);
  return { latest, history };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** A plain-text table: metric / value / target / met ("n/a" when BENCH_* variables changed the run). */
export function formatTable(metrics: Readonly<Record<string, RecordedMetric>>): string {
  const rows = Object.entries(metrics).map(([name, metric]) => [
    name,
    `${formatNumber(metric.value)} ${metric.unit}`,
    metric.target === undefined ? '-' : `${metric.target.op} ${formatNumber(metric.target.value)} ${metric.unit}`,
    metric.comparable === false ? 'n/a' : metric.met === undefined ? '-' : metric.met ? 'yes' : 'NO',
  ]);
  const header = ['metric', 'value', 'target', 'met'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
