// Test support: an organisation's data folder holding one contact a device
// pushed, with no server running on it (the key-rotation tests open it as
// `serve` or `rotate-keys` would), and its removal after each test.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { startTestServer } from './test-server';
import { TestDevice } from './test-device';

export interface OneContactFolder {
  readonly dataDir: string;
  readonly recordId: string;
}

/** Makes such folders for the calling file's tests, each removed after its test. */
export function useOneContactFolders(name: string): () => Promise<OneContactFolder> {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return async () => {
    const server = await startTestServer();
    folders.push(server.dataDir);
    const device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const recordId = randomUUID();
    await device.push([device.upsert('contacts', recordId, { name })]);
    server.client.close();
    await server.server.close();
    await server.org.close();
    return { dataDir: server.dataDir, recordId };
  };
}
