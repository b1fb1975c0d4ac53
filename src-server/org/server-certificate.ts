// The server certificate's lifetime. `init` issues it for 825 days; devices
// pin the organisation CA, not this certificate, so a new one from the same
// CA keeps every device working. Before, nothing renewed it: 825 days after
// `init` every device failed on an expired certificate (reported as "not
// from your organisation"), `serve` started all the same, and only a new
// organisation (every device enrolled again) got out of it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { certificateNotAfter, issueServerCertificate } from '../pki/certificates';
import { readSecretFile, writeSecretFile } from '../crypto/secret-file';
import { dataDirPaths, readConfig } from './data-dir';

const dayMs = 86_400_000;
/** How long a server certificate is valid, as `init` issues it and `renew-certificate` renews it. */
export const serverCertificateDays = 825;
/** `serve` warns once the certificate has fewer days than this left. */
export const renewWithinDays = 30;

export interface CertificateLife {
  readonly notAfter: number;
  /** Whole days left (0 on its last day). */
  readonly daysLeft: number;
}

/** The folder's server certificate's end; an expired one is refused, with what to do. */
export function checkServerCertificate(dataDir: string, now: number): CertificateLife {
  const notAfter = certificateNotAfter(readFileSync(dataDirPaths(dataDir).serverCert, 'utf8'));
  if (notAfter <= now) {
    throw new Error(
      `The server certificate expired on ${new Date(notAfter).toISOString()}: devices would refuse every connection. ` +
        `Renew it with \`fieldvault-server renew-certificate --data-dir ${dataDir}\` (it needs ca.key in the folder), then start serve again.`,
    );
  }
  return { notAfter, daysLeft: Math.floor((notAfter - now) / dayMs) };
}

/**
 * Issues a new server certificate for the folder's host names with the
 * organisation CA's key, replacing server.pem and server.key. A running
 * `serve` keeps the old one until it is started again.
 */
export async function renewServerCertificate(dataDir: string, now: number): Promise<CertificateLife> {
  const config = readConfig(dataDir);
  const paths = dataDirPaths(dataDir);
  if (!existsSync(paths.caKey)) throw new Error('ca.key is not in the data folder: put the organisation CA key back (it may have been moved offline) to renew');
  const ca = { certPem: readFileSync(paths.caCert, 'utf8'), keyPem: readSecretFile(paths.caKey).toString('utf8') };
  const server = await issueServerCertificate(ca, config.hosts, serverCertificateDays, now);
  // The key first: a certificate whose key is not there yet would fail every handshake.
  writeSecretFile(paths.serverKey, server.keyPem, 'replace');
  const temp = `${paths.serverCert}.renewed.tmp`;
  writeFileSync(temp, server.certPem, { mode: 0o644 });
  renameSync(temp, paths.serverCert);
  return { notAfter: certificateNotAfter(server.certPem), daysLeft: serverCertificateDays };
}
