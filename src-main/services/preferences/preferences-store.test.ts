import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPreferences } from '../../../src-shared/ipc/preferences';
import { createLogger } from '../../log/logger';
import { PreferencesStore, preferencesFile } from './preferences-store';

describe('PreferencesStore (the data folder on disk)', () => {
  let dataDir: string;
  const logged: string[] = [];
  const log = createLogger((line) => logged.push(line));

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fieldvault-preferences-'));
    logged.length = 0;
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts from the defaults, keeps each choice for the next launch, and writes the file for its owner only', async () => {
    expect(await new PreferencesStore(dataDir, log).get()).toEqual(defaultPreferences);
    const store = new PreferencesStore(dataDir, log);
    expect(await store.set({ locale: 'zh-CN' })).toEqual({ theme: 'system', locale: 'zh-CN' });
    expect(await store.set({ theme: 'dark' })).toEqual({ theme: 'dark', locale: 'zh-CN' });
    // A new process reads what the last one chose.
    expect(await new PreferencesStore(dataDir, log).get()).toEqual({ theme: 'dark', locale: 'zh-CN' });
    expect((await stat(path.join(dataDir, preferencesFile))).mode & 0o777).toBe(0o600);
  });

  it('applies choices made at once one after another, losing none', async () => {
    const store = new PreferencesStore(dataDir, log);
    await Promise.all([store.set({ theme: 'light' }), store.set({ locale: 'en' })]);
    expect(await new PreferencesStore(dataDir, log).get()).toEqual({ theme: 'light', locale: 'en' });
  });

  it('reads a damaged or foreign file as the defaults, says so without its content, and replaces it with the next choice', async () => {
    const file = path.join(dataDir, preferencesFile);
    const store = new PreferencesStore(dataDir, log);
    for (const content of ['{not json', '"secret-canary"', '["dark"]', '{"theme":"sepia","locale":"fr"}']) {
      await writeFile(file, content);
      expect(await store.get()).toEqual(defaultPreferences);
    }
    expect(logged.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(Array(4).fill('preferences.unreadable'));
    expect(logged.join('\n')).not.toContain('canary');
    await store.set({ theme: 'dark' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', locale: null });
  });

  it('keeps each choice it can read when another is not (a later version’s language or key), also past the next choice', async () => {
    const file = path.join(dataDir, preferencesFile);
    const store = new PreferencesStore(dataDir, log);
    await writeFile(file, '{"theme":"dark","locale":"fr"}');
    expect(await store.get()).toEqual({ theme: 'dark', locale: null });
    await writeFile(file, '{"theme":"dark","locale":"zh-CN","density":"compact"}');
    expect(await store.get()).toEqual({ theme: 'dark', locale: 'zh-CN' });
    // Choosing the language keeps the dark theme (it was lost to the defaults and written over).
    await store.set({ locale: 'en' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', locale: 'en' });
  });
});
