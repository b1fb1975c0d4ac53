import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppPreferences, defaultPreferences, lockAfterMinuteChoices, PreferencesPatch } from '../../../src-shared/ipc/preferences';
import { createLogger } from '../../log/logger';
import { PreferencesStore, preferencesFile, readPreferencesSync } from './preferences-store';

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
    expect(await store.set({ locale: 'zh-CN' })).toEqual({ theme: 'system', locale: 'zh-CN', lockAfterMinutes: 15 });
    expect(await store.set({ theme: 'dark' })).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 15 });
    expect(await store.set({ lockAfterMinutes: 5 })).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 5 });
    // A new process reads what the last one chose.
    expect(await new PreferencesStore(dataDir, log).get()).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 5 });
    expect((await stat(path.join(dataDir, preferencesFile))).mode & 0o777).toBe(0o600);
  });

  it('applies choices made at once one after another, losing none', async () => {
    const store = new PreferencesStore(dataDir, log);
    await Promise.all([store.set({ theme: 'light' }), store.set({ locale: 'en' }), store.set({ lockAfterMinutes: 60 })]);
    expect(await new PreferencesStore(dataDir, log).get()).toEqual({ theme: 'light', locale: 'en', lockAfterMinutes: 60 });
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
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', locale: null, lockAfterMinutes: 15 });
  });

  it('keeps each choice it can read when another is not (a later version’s language or key), also past the next choice', async () => {
    const file = path.join(dataDir, preferencesFile);
    const store = new PreferencesStore(dataDir, log);
    await writeFile(file, '{"theme":"dark","locale":"fr"}');
    expect(await store.get()).toEqual({ theme: 'dark', locale: null, lockAfterMinutes: 15 });
    await writeFile(file, '{"theme":"dark","locale":"zh-CN","density":"compact"}');
    expect(await store.get()).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 15 });
    // Choosing the language keeps the dark theme (it was lost to the defaults and written over).
    await store.set({ locale: 'en' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', locale: 'en', lockAfterMinutes: 15 });
  });

  it('reads a file an earlier version wrote, without the idle lock’s minutes, as its choices and 15 minutes, without a warning', async () => {
    const file = path.join(dataDir, preferencesFile);
    await writeFile(file, '{"theme":"dark","locale":"zh-CN"}\n');
    expect(await new PreferencesStore(dataDir, log).get()).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 15 });
    expect(readPreferencesSync(dataDir, log)).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 15 });
    expect(logged).toEqual([]);
    // The next choice writes the field out.
    await new PreferencesStore(dataDir, log).set({ lockAfterMinutes: 30 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', locale: 'zh-CN', lockAfterMinutes: 30 });
  });

  it('reads minutes it does not offer (a later version’s, a hand edit) as 15, keeping the other choices, and says so', async () => {
    const file = path.join(dataDir, preferencesFile);
    const store = new PreferencesStore(dataDir, log);
    for (const minutes of ['7', '0', '1', '"5"', 'null', '1e9', '-1']) {
      await writeFile(file, `{"theme":"light","locale":"en","lockAfterMinutes":${minutes}}`);
      expect(await store.get()).toEqual({ theme: 'light', locale: 'en', lockAfterMinutes: 15 });
      expect(readPreferencesSync(dataDir, log)).toEqual({ theme: 'light', locale: 'en', lockAfterMinutes: 15 });
    }
    expect(logged.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(Array(14).fill('preferences.unreadable'));
    // A wrong choice never reaches the file: the patch is checked before anything is written.
    const parsed = PreferencesPatch.safeParse({ lockAfterMinutes: 7 });
    expect(parsed.success).toBe(false);
    expect(AppPreferences.safeParse({ ...defaultPreferences, lockAfterMinutes: 0 }).success).toBe(false);
    for (const minutes of lockAfterMinuteChoices) expect(PreferencesPatch.parse({ lockAfterMinutes: minutes })).toEqual({ lockAfterMinutes: minutes });
  });
});
