// Who may call the IPC handlers in the Electron shell: the top-level frame of
// FieldVault's own window, showing a page from app://fieldvault. Pure logic
// (no Electron import) so that the rule is tested without the binary; the
// binding in ipc-binding.ts feeds it Electron's WebFrameMain.
import type { Sender } from '../ipc/registry';
import { appOrigin, originOf } from './app-url';

/** The part of Electron's WebFrameMain that the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly detached?: boolean;
}

const untrusted: Sender = { transport: 'electron', origin: 'null' };

/**
 * The transport-neutral Sender for one IPC call. `Sender` carries only an
 * origin, so every condition that is not about the origin is folded in here:
 * a call from a frame that is gone (null or detached), from a subframe, or
 * from any webContents other than our window gets the opaque origin 'null'
 * and is refused by isTrustedSender. The origin is read from the frame's URL
 * at the moment of the call, so a page that navigated away cannot keep using
 * a channel it was handed earlier.
 */
export function electronSender(frame: FrameLike | null, fromOurWindow: boolean): Sender {
  if (frame === null || !fromOurWindow) return untrusted;
  try {
    if (frame.detached === true || frame.parent !== null) return untrusted;
    return { transport: 'electron', origin: originOf(frame.url) };
  } catch {
    // A frame destroyed mid-call throws on property access: treat as gone.
    return untrusted;
  }
}

/** Passed to createCore: only our own origin, only over Electron IPC. */
export function isTrustedSender(sender: Sender): boolean {
  return sender.transport === 'electron' && sender.origin === appOrigin;
}
