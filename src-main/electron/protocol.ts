// The app:// scheme that serves the renderer. The app never loads file://
// pages: file: origins are all one origin with extra privileges, while
// app://fieldvault is one ordinary, secure, same-origin-policy origin that
// the CSP ('self') and the IPC sender check can name.
import { protocol } from 'electron';
import { serveAppRequest } from './app-files';
import { appScheme } from './app-url';

/**
 * Must run before app 'ready'. `standard` gives real origins and relative
 * URL resolution; `secure` makes it a secure context. Deliberately NOT set:
 * bypassCSP (our CSP must apply), corsEnabled (it would let other origins
 * read app:// responses without any ACAO check), allowServiceWorkers (a
 * service worker could cache pages on disk), stream.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

/** Must run after app 'ready'. Serves files from `rendererRoot` only. */
export function handleAppProtocol(rendererRoot: string): () => void {
  protocol.handle(appScheme, (request) => serveAppRequest(rendererRoot, request));
  return () => protocol.unhandle(appScheme);
}
