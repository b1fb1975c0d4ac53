// The Electron shell's dialog words: both languages say the same things, and
// the language is the one chosen in Settings (preferences.json in the data
// folder, as the preferences store writes it), else the OS's, else English.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import { PreferencesStore, preferencesFile } from '../services/preferences/preferences-store';
import { pickLocale } from '../../src-shared/ipc/preferences';
import { shellTextFor, shellTexts, type ShellText } from './shell-text';

/** Every dotted key of a table, a function (a message with values) counting as one entry. */
function keysOf(table: object, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Every message of a table, those with values filled in. */
function messagesOf(text: ShellText): string[] {
  return [
    ...Object.values(text.crashed),
    ...Object.values(text.unsaved),
    text.folderInUse(4242, '/data/instance.lock'),
    text.folderNotWritable('/data'),
    ...Object.values(text.edit),
    ...Object.values(text.menuBar),
  ];
}

describe('the shell dialogs’ words', () => {
  it('has the same messages in English and Chinese, none empty, the Chinese in Chinese', () => {
    expect(keysOf(shellTexts['zh-CN']).sort()).toEqual(keysOf(shellTexts.en).sort());
    expect(keysOf(shellTexts.en).sort()).toEqual(
      [
        'crashed.detail',
        'crashed.message',
        'crashed.quit',
        'crashed.reload',
        'folderInUse',
        'folderNotWritable',
        'unsaved.detail',
        'unsaved.keepEditing',
        'unsaved.leave',
        'unsaved.message',
        'edit.undo',
        'edit.redo',
        'edit.cut',
        'edit.copy',
        'edit.paste',
        'edit.selectAll',
        'menuBar.about',
        'menuBar.hide',
        'menuBar.hideOthers',
        'menuBar.showAll',
        'menuBar.quit',
        'menuBar.edit',
        'menuBar.window',
        'menuBar.minimize',
        'menuBar.close',
        'menuBar.view',
        'menuBar.zoomIn',
        'menuBar.zoomOut',
        'menuBar.actualSize',
        'menuBar.fullScreen',
      ].sort(),
    );
    for (const message of [...messagesOf(shellTexts.en), ...messagesOf(shellTexts['zh-CN'])]) expect(message.trim()).not.toBe('');
    for (const message of messagesOf(shellTexts['zh-CN'])) expect(message).toMatch(/[\u4e00-\u9fff]/u);
    for (const locale of ['en', 'zh-CN'] as const) {
      const inUse = shellTexts[locale].folderInUse(4242, '/data/instance.lock');
      expect(inUse).toContain('4242');
      expect(inUse).toContain('/data/instance.lock');
    }
  });

  it('picks the OS’s first supported language as the renderer does, else English', () => {
    expect(pickLocale(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(pickLocale(['zh'])).toBe('zh-CN');
    expect(pickLocale(['zh-TW', 'zh-Hant-HK'])).toBe('en');
    expect(pickLocale(['fr-FR', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['', 'de-DE'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});

describe('the language of the shell dialogs (a data folder on disk)', () => {
  let dataDir: string;
  const log = createMemoryLogger();

  const english = 'Leave without saving what you typed?';
  const chinese = '不保存你输入的内容就离开？';
  /** The question about unsaved typing, worded for the data folder's choice and these OS languages. */
  const asked = (systemLanguages: readonly string[]): string => shellTextFor(dataDir, systemLanguages, log).unsaved.message;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fieldvault-shell-text-'));
    log.lines.length = 0;
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('speaks Chinese when Chinese was chosen in Settings, whatever the OS speaks', async () => {
    await new PreferencesStore(dataDir, log).set({ locale: 'zh-CN' });
    expect(asked(['en-US'])).toBe(chinese);
    expect(asked([])).toBe(chinese);
  });

  it('speaks English when English was chosen, also on a Chinese OS', async () => {
    await new PreferencesStore(dataDir, log).set({ locale: 'en' });
    expect(asked(['zh-CN'])).toBe(english);
  });

  it('follows a choice made since the last dialog', async () => {
    const store = new PreferencesStore(dataDir, log);
    await store.set({ locale: 'en' });
    expect(asked(['en-US'])).toBe(english);
    await store.set({ locale: 'zh-CN' });
    expect(asked(['en-US'])).toBe(chinese);
  });

  it('without a choice follows the OS, and English when it speaks neither', async () => {
    expect(asked(['en-US'])).toBe(english);
    expect(asked(['de-DE'])).toBe(english);
    expect(asked(['zh-CN', 'en-US'])).toBe(chinese);
    await new PreferencesStore(dataDir, log).set({ locale: null });
    expect(asked(['zh-Hans-CN'])).toBe(chinese);
    expect(log.lines).toEqual([]);
  });

  it('reads a damaged file as no choice, says so without its content, and still answers', async () => {
    await writeFile(path.join(dataDir, preferencesFile), '{"locale": "zh-CN", "theme": "secret-canary-value"');
    expect(asked(['en-US'])).toBe(english);
    expect(log.lines.join('\n')).toContain('preferences.unreadable');
    expect(log.lines.join('\n')).not.toContain('secret-canary-value');
  });
});
