// The server certificate's lifetime. `init` issues it for 825 days; devices
// pin the organisation CA, not this certificate, so a new one from the same
// CA keeps every device working. Before, nothing renewed it: 825 days after
// `init` every device failed on an expired certificate (reported as "not
// from your organisation"), `serve` started all the same, and only a new
// organisation (every device enrolled again) got out of it.
// What devices see ends at the earlier of the certificate's end and the
// CA's (3650 days after `init`); this tool renews only the former.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { certificateNotAfter, issueServerCertificate, keyMatchesCertificate } from '../pki/certificates';
import { readSecretFile, syncFolder } from '../crypto/secret-file';
import { DataDirConfig, dataDirPaths, readConfig, writeConfig } from './data-dir';

const dayMs = 86_400_000;
/** How long a server certificate is valid, as `init` issues it and `renew-certificate` renews it. */
export const serverCertificateDays = 825;
/** `serve` warns once the certificate has fewer days than this left. */
export const renewWithinDays = 30;

export interface CertificateEnd {
  /** When devices stop accepting the served chain: the earlier of the certificate's end and the CA's. */
  readonly notAfter: number;
  /** Which of the two ends first: a server certificate is renewed, an organisation CA is not (see caEnded). */
  readonly limitedBy: 'server_certificate' | 'organisation_ca';
}

export interface CertificateLife extends CertificateEnd {
  /** Whole days left (0 on its last day). */
  readonly daysLeft: number;
}

export function certificateEnd(certPem: string, caPem: string): CertificateEnd {
  const certificate = certificateNotAfter(certPem);
  const ca = certificateNotAfter(caPem);
  return ca <= certificate ? { notAfter: ca, limitedBy: 'organisation_ca' } : { notAfter: certificate, limitedBy: 'server_certificate' };
}

export const daysLeftOf = (end: CertificateEnd, now: number): number => Math.floor((end.notAfter - now) / dayMs);

/** An ended CA, plainly: nothing here renews it, and devices pinned it at enrolment. */
const caEnded = (caEnd: number): Error =>
  new Error(
    `The organisation CA expired on ${new Date(caEnd).toISOString()}: devices refuse every certificate it signed. ` +
      'This tool cannot renew the organisation CA: the organisation needs a new CA (a new `fieldvault-server init`), and every device must enrol again with it.',
  );

/**
 * Refuses, with what to do, a server.key that is not server.pem's (a renewal
 * cut short) and a chain whose end has passed; returns when it ends.
 */
export function checkServerCertificate(dataDir: string, now: number): CertificateLife {
  const paths = dataDirPaths(dataDir);
  const certPem = readFileSync(paths.serverCert, 'utf8');
  // OpenSSL would say only "key values mismatch", after the store had opened.
  if (!keyMatchesCertificate(certPem, readSecretFile(paths.serverKey).toString('utf8'))) {
    throw new Error(
      `server.key in ${dataDir} is not the key of server.pem (a certificate renewal cut short?), so no device could connect. ` +
        `Issue a new pair with \`fieldvault-server renew-certificate --data-dir ${dataDir}\` (it needs ca.key in the folder), then start serve again.`,
    );
  }
  const caPem = readFileSync(paths.caCert, 'utf8');
  // An ended CA first, even when the certificate ended before it: renewing the certificate would not help.
  const caEnd = certificateNotAfter(caPem);
  if (caEnd <= now) throw caEnded(caEnd);
  const end = certificateEnd(certPem, caPem);
  if (end.notAfter <= now) {
    throw new Error(
      `The server certificate expired on ${new Date(end.notAfter).toISOString()}: devices would refuse every connection. ` +
        `Renew it with \`fieldvault-server renew-certificate --data-dir ${dataDir}\` (it needs ca.key in the folder), then start serve again.`,
    );
  }
  return { ...end, daysLeft: daysLeftOf(end, now) };
}

/**
 * Issues a new server certificate with the organisation CA's key, replacing
 * server.pem and server.key, for `hosts` (then saved in config.json, after
 * the pair, so the configuration never names a host the certificate lacks)
 * or else the folder's saved host names. A running `serve` keeps the old
 * certificate until it is started again.
 */
export async function renewServerCertificate(dataDir: string, now: number, hosts?: readonly string[]): Promise<CertificateLife> {
  const config = readConfig(dataDir);
  const paths = dataDirPaths(dataDir);
  if (!existsSync(paths.caKey)) throw new Error('ca.key is not in the data folder: put the organisation CA key back (it may have been moved offline) to renew');
  const ca = { certPem: readFileSync(paths.caCert, 'utf8'), keyPem: readSecretFile(paths.caKey).toString('utf8') };
  const caEnd = certificateNotAfter(ca.certPem);
  if (caEnd <= now) throw caEnded(caEnd);
  // Checked before anything is written.
  const renewed = hosts === undefined ? config : DataDirConfig.parse({ ...config, hosts: [...hosts] });
  const server = await issueServerCertificate(ca, renewed.hosts, serverCertificateDays, now);
  replaceServerPair(dataDir, server);
  if (renewed !== config) writeConfig(dataDir, renewed);
  const end = certificateEnd(server.certPem, ca.certPem);
  return { ...end, daysLeft: daysLeftOf(end, now) };
}

/**
 * Both new files are written and fsynced under temporary names before either
 * old one is replaced: replacing the key first left a new key beside the old
 * certificate whenever the certificate's write failed (a full disk, a kill),
 * and serve then failed on OpenSSL's "key values mismatch". Only a crash
 * between the two renames can still split the pair; serve then says to
 * renew again (checkServerCertificate).
 */
function replaceServerPair(dataDir: string, pair: { readonly certPem: string; readonly keyPem: string }): void {
  const paths = dataDirPaths(dataDir);
  const keyTemp = `${paths.serverKey}.renewed.tmp`;
  const certTemp = `${paths.serverCert}.renewed.tmp`;
  const written: string[] = [];
  try {
    writeSynced(keyTemp, pair.keyPem, 0o600, written);
    writeSynced(certTemp, pair.certPem, 0o644, written);
  } catch (error) {
    // A new private key must not lie about in a stray file; only what this run created is removed.
    for (const temp of written) rmSync(temp, { force: true });
    throw error;
  }
  renameSync(keyTemp, paths.serverKey);
  renameSync(certTemp, paths.serverCert);
  syncFolder(dataDir);
}

/** Creates `path` with `mode` (removing a file a killed renewal left there), records it in `written`, and fsyncs it. */
function writeSynced(path: string, content: string, mode: number, written: string[]): void {
  rmSync(path, { force: true });
  const fd = openSync(path, 'wx', mode);
  written.push(path);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
