// Messages of the headless shell's WebSocket (ws://127.0.0.1:PORT/ipc).
// The page is opened at http://127.0.0.1:PORT/#token=<per-launch token>; the
// renderer removes the token from the address bar (keeping it in the tab's
// sessionStorage, so a reload or Back/Forward in that tab connects again),
// connects, and must send `hello` with that token first. The server checks
// the Origin header too.
import { z } from 'zod';
import { WireError } from './errors';

export const headlessIpcPath = '/ipc';
/** Close code for a socket that failed the token or Origin check. */
export const unauthorisedCloseCode = 4401;
/**
 * Close code for a socket that did not say hello in time, or gave its place to a newer one waiting: it says
 * nothing against the token, so the page keeps it and connects again (4401 made it forget a good token).
 */
export const helloExpectedCloseCode = 4408;
/** Close code for every accepted socket when the shell stops: its token is dead, the page forgets it. */
export const shellStoppedCloseCode = 4000;
/** Largest message the server accepts, in bytes. */
export const maxMessageBytes = 4 * 1024 * 1024;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(200) }).strict(),
  z
    .object({
      type: z.literal('invoke'),
      id: z.number().int().nonnegative(),
      channel: z.unknown(),
      input: z.unknown(),
    })
    .strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const WireResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: WireResult }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** Answer to a message that could not be parsed at all (no id to answer to). */
  z.object({ type: z.literal('error'), error: WireError }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
