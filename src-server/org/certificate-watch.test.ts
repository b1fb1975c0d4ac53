// A running serve's watch on its certificate's end, on real certificates
// with a clock the test moves: nothing while more than 30 days are left,
// `serve.certificate_expiring` with the days left inside them, and
// `serve.certificate_expired` once the end has passed, at every later check
// (the daily timer, here every few milliseconds) and never a key or a
// certificate in the log. Before, serve looked once, at start.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOrganisationCa, issueServerCertificate } from '../pki/certificates';
import { certificateNotice, watchCertificateEnd } from './certificate-watch';
import { certificateEnd } from './server-certificate';

const dayMs = 86_400_000;
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A chain whose server certificate was issued `daysAgo` days ago (valid 825 days), under a CA issued `caDaysAgo` days ago. */
async function chain(daysAgo: number, caDaysAgo = daysAgo) {
  const now = Date.now();
  const ca = await createOrganisationCa('Watch Org', 3650, now - caDaysAgo * dayMs);
  const server = await issueServerCertificate(ca, ['127.0.0.1'], 825, now - daysAgo * dayMs);
  return { now, ca, server, end: certificateEnd(server.certPem, ca.certPem) };
}

interface Logged {
  readonly event: string;
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

describe('serve’s watch on the certificate’s end', () => {
  it('says nothing while more than 30 days are left, counts them down inside 30, and says when the end has passed', async () => {
    const { now, ca, server, end } = await chain(700);
    let clock = now;
    const logged: Logged[] = [];
    stops.push(watchCertificateEnd(end, (event, fields) => logged.push({ event, fields }), { now: () => clock, intervalMs: 5 }));
    expect(logged).toEqual([]);

    clock = end.notAfter - 10 * dayMs;
    await vi.waitFor(() => expect(logged.at(-1)?.event).toBe('serve.certificate_expiring'));
    expect(logged.at(-1)?.fields).toEqual({ notAfter: new Date(end.notAfter).toISOString(), daysLeft: 10, limitedBy: 'server_certificate' });

    clock = end.notAfter;
    await vi.waitFor(() => expect(logged.at(-1)?.event).toBe('serve.certificate_expired'));
    expect(logged.at(-1)?.fields).toEqual({ notAfter: new Date(end.notAfter).toISOString(), limitedBy: 'server_certificate' });

    const text = JSON.stringify(logged);
    for (const secret of [server.keyPem, ca.keyPem, server.certPem]) expect(text).not.toContain(secret.split('\n')[1]);
  });

  it('names the organisation CA when it ends first', async () => {
    const { now, end } = await chain(10, 3640);
    expect(end.limitedBy).toBe('organisation_ca');
    expect(certificateNotice(end, now)).toMatchObject({ event: 'serve.certificate_expiring', fields: { daysLeft: 9, limitedBy: 'organisation_ca' } });
  });

  it('logs at once and stops when told', async () => {
    const { now, end } = await chain(826);
    const logged: string[] = [];
    const stop = watchCertificateEnd(end, (event) => logged.push(event), { now: () => now, intervalMs: 5 });
    expect(logged).toEqual(['serve.certificate_expired']);
    await vi.waitFor(() => expect(logged.length).toBeGreaterThan(2));
    stop();
    const count = logged.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(logged).toHaveLength(count);
  });
});
