// How the transport words a sync server's error answer (errorFromAnswer): a
// bad_request that names the newest protocol the server speaks comes from a
// server older than this FieldVault, and says it needs an update, with a
// reason of its own; one that names none is still a request it could not read.
import { describe, expect, it } from 'vitest';
import { isRetryable, SyncServerError } from './errors';
import { errorFromAnswer } from './transport';

describe('errorFromAnswer', () => {
  it('says a server older than this FieldVault needs an update, not that it could not read the request', () => {
    const outdated = errorFromAnswer(400, { error: { code: 'bad_request', message: 'This server speaks sync protocol 1 at most', maximumProtocolVersion: 1 } });
    expect(outdated).toBeInstanceOf(SyncServerError);
    expect(outdated).toMatchObject({
      status: 400,
      serverCode: 'server_outdated',
      code: 'SYNC_FAILED',
      message: "Your organisation's sync server needs an update before this version of FieldVault can sync with it. Your changes stay on this device.",
      reason: { code: 'sync_server', problem: 'server_outdated' },
    });
    // Nothing this device does changes it: retried at the cap, for when the server has been updated.
    expect(isRetryable(outdated)).toBe(false);

    const unreadable = errorFromAnswer(400, { error: { code: 'bad_request', message: 'The request body is not valid: cursor: too_small' } });
    expect(unreadable).toMatchObject({ serverCode: 'bad_request', message: 'The sync server could not read the request.', reason: { code: 'sync_server', problem: 'bad_request' } });
  });
});
