// A laptop whose clock is minutes off the sync server's: the real desktop core
// and vault against the real sync server over TLS on loopback, whose clock is
// moved instead (TestServer.advanceClock). Push answers and pull pages name the
// server's time; past the threshold (src-main/sync/clock-skew.ts) the status
// carries how far off, and which way, so the sync dialog can ask the user to
// set the clock right. Before, nothing said so: status reasons are for failed
// syncs only, and a clock behind fails none. A sync that finds the clocks
// agreeing clears it.
import { describe, expect, it } from 'vitest';
import { clockSkewThresholdMs } from '../../src-main/sync/clock-skew';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

const minute = 60_000;

describe('sync: a computer clock off the server’s', () => {
  const setup = useSyncEngineSetup();

  it('says how far behind or ahead once past the threshold, and clears once the clocks agree', async () => {
    await setup.enrol();
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', clockSkew: null });

    // The server's clock 15 minutes on: this computer's is that far behind. The sync itself goes through.
    setup.server.advanceClock(15 * minute);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', lastError: null, clockSkew: { minutes: 15, direction: 'behind' } });
    // Pushed too, as the dialog and the pill follow the pushes.
    expect(await setup.client.call('sync.status', {})).toMatchObject({ clockSkew: { minutes: 15, direction: 'behind' } });

    // Within the threshold: the clocks agree, and the notice goes.
    setup.server.advanceClock(-15 * minute + clockSkewThresholdMs - minute);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', clockSkew: null });

    // The server's clock 20 minutes back from true: this computer's is ahead.
    setup.server.advanceClock(-(clockSkewThresholdMs - minute) - 20 * minute);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', clockSkew: { minutes: 20, direction: 'ahead' } });
    // An edit stamped by the clock ahead is refused (clock_skew), a failed sync: the pull's time still says how far.
    await setup.client.call('contacts.create', { name: 'Bea Early' });
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'error', lastErrorReason: { code: 'sync_server', problem: 'clock_skew' }, clockSkew: { minutes: 20, direction: 'ahead' } });

    setup.server.advanceClock(20 * minute);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', lastError: null, pendingCount: 0, clockSkew: null });
  });
});
