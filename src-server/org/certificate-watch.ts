// Serve's watch on the end of the certificate it serves. Checked only at
// start, a server left running for months never logged that its certificate
// was ending, nor that it had ended, while every device's handshake failed.
// The end is that of the pair loaded at start: a renewal takes effect only
// when serve starts again, so the files on disk are not what devices see.
// The log names the end and the days left, never a certificate or a key.
import type { ServerLog } from '../http/server';
import { daysLeftOf, renewWithinDays, type CertificateEnd } from './server-certificate';

/** How often a running serve looks again: the warning counts whole days. */
export const certificateCheckIntervalMs = 86_400_000;

export interface CertificateNotice {
  readonly event: 'serve.certificate_expiring' | 'serve.certificate_expired';
  readonly fields: Readonly<Record<string, string | number>>;
}

/** What to log about the certificate at `now`: nothing while more than `renewWithinDays` days are left. */
export function certificateNotice(end: CertificateEnd, now: number): CertificateNotice | null {
  const notAfter = new Date(end.notAfter).toISOString();
  if (end.notAfter <= now) return { event: 'serve.certificate_expired', fields: { notAfter, limitedBy: end.limitedBy } };
  const daysLeft = daysLeftOf(end, now);
  if (daysLeft >= renewWithinDays) return null;
  return { event: 'serve.certificate_expiring', fields: { notAfter, daysLeft, limitedBy: end.limitedBy } };
}

export interface CertificateWatchOptions {
  readonly now?: () => number;
  readonly intervalMs?: number;
}

/**
 * Logs the certificate's notice now and then every `intervalMs` (a day) on a
 * timer that keeps no process alive; the returned function stops it.
 */
export function watchCertificateEnd(end: CertificateEnd, log: ServerLog, options: CertificateWatchOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const check = (): void => {
    const notice = certificateNotice(end, now());
    if (notice !== null) log(notice.event, notice.fields);
  };
  check();
  const timer = setInterval(check, options.intervalMs ?? certificateCheckIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
