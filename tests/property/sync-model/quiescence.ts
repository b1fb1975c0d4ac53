// Quiescence: every device runs full engine cycles (push, pull, checkpoint,
// acknowledgements) over a faultless link until a whole round changes nothing
// on the server and no device has anything left to send. No cycle may add an
// outbox entry: every device's local writes happened before quiescence.
import { expectNoOutboxAdded, outboxMark } from './checks';
import type { World } from './world';

const maxRounds = 8;

async function serverHead(world: World): Promise<number> {
  return world.server.org.store.read((tx) => tx.head());
}

export async function quiesce(world: World): Promise<void> {
  for (let round = 0; round < maxRounds; round += 1) {
    const before = await serverHead(world);
    let pending = 0;
    for (const device of world.devices) {
      const outboxBefore = await outboxMark(device);
      const status = await device.engine.syncNow();
      // No background retries between commands: the test drives every step.
      await device.engine.stop();
      expectNoOutboxAdded(device, outboxBefore, await outboxMark(device), 'a sync cycle');
      world.absorbExchanges();
      if (status.state !== 'online') throw new Error(`${device.name} did not sync: ${status.lastError ?? status.state}`);
      pending += status.pendingCount;
    }
    if (pending === 0 && (await serverHead(world)) === before) return;
  }
  throw new Error(`No quiescence after ${maxRounds} rounds`);
}
