// Keeps the app preferences (src-shared/ipc/preferences.ts) in
// preferences.json in the data folder: written whole to a temporary file and
// renamed over the old one, so a crash leaves the old or the new choice, and
// read back leniently: a missing, unreadable or foreign file gives the
// defaults (and is replaced by the next choice), never an error on screen,
// and each choice is read on its own: one this version cannot read (a
// language of a later version, a key it does not know, minutes it does not
// offer) gives way to its default without taking the others with it, and one
// a file of an earlier version lacks is its default.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppPreferences, defaultPreferences, type PreferencesPatch } from '../../../src-shared/ipc/preferences';
import { SerialQueue } from '../../../src-shared/serial-queue';
import type { Logger } from '../../log/logger';

export const preferencesFile = 'preferences.json';

/**
 * The preferences as stored, read at once: for the Electron shell's own dialogs, which must be worded while an
 * event waits (a close asking about unsaved typing) and speak the language last chosen in Settings.
 */
export function readPreferencesSync(dataDir: string, log: Logger): AppPreferences {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, preferencesFile), 'utf8');
  } catch (error) {
    return unreadable(error, log);
  }
  return fromText(text, log);
}

function unreadable(error: unknown, log: Logger): AppPreferences {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return defaultPreferences;
  log.log('warn', 'preferences.unreadable', { kind: error instanceof Error ? error.name : typeof error });
  return defaultPreferences;
}

function fromText(text: string, log: Logger): AppPreferences {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    log.log('warn', 'preferences.unreadable', { kind: 'shape' });
    return defaultPreferences;
  }
  // A choice the version that wrote the file did not have yet (the idle lock's minutes) is its default, and
  // nothing to warn about.
  const preferences = AppPreferences.safeParse({ ...defaultPreferences, ...parsed });
  if (preferences.success) return preferences.data;
  log.log('warn', 'preferences.unreadable', { kind: 'shape' });
  const stored = new Map(Object.entries(parsed));
  const theme = AppPreferences.shape.theme.safeParse(stored.get('theme'));
  const locale = AppPreferences.shape.locale.safeParse(stored.get('locale'));
  const lockAfterMinutes = AppPreferences.shape.lockAfterMinutes.safeParse(stored.get('lockAfterMinutes'));
  return {
    theme: theme.success ? theme.data : defaultPreferences.theme,
    locale: locale.success ? locale.data : defaultPreferences.locale,
    lockAfterMinutes: lockAfterMinutes.success ? lockAfterMinutes.data : defaultPreferences.lockAfterMinutes,
  };
}

export class PreferencesStore {
  readonly #file: string;
  readonly #writes = new SerialQueue();

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.#file = path.join(dataDir, preferencesFile);
  }

  async get(): Promise<AppPreferences> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      return unreadable(error, this.log);
    }
    return fromText(text, this.log);
  }

  /** Applies the patch over what is stored and returns the result. */
  set(patch: PreferencesPatch): Promise<AppPreferences> {
    return this.#writes.run(async () => {
      const next = AppPreferences.parse({ ...(await this.get()), ...patch });
      const temp = `${this.#file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(next) + '\n', { mode: 0o600, flush: true });
        await rename(temp, this.#file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return next;
    });
  }
}
