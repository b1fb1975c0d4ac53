// Issue 3: every string of the UI through i18n, in a language's own word
// order. A label glued together from a translated piece and a value
// (`${t('owner')}: ${name}`) keeps English word order and punctuation in
// every language ("负责人: 王"); it must be one message with {{placeholders}}.
// This reads the renderer's sources (the renderer's own tests cannot: no Node
// built-ins there).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const rendererDir = fileURLToPath(new URL('../../src-renderer', import.meta.url));

/** The renderer's source files, without the catalogues and the tests. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** A template string that joins a t() result with another value, either way round. */
const joined = /\$\{(?:i18n\.)?t\(.*\)\}[^`]*\$\{|\$\{[^}]*\}[^`]*\$\{(?:i18n\.)?t\(/;

describe('renderer messages', () => {
  it('builds no label by joining a translated text with another value in English word order', () => {
    const files = sources(rendererDir);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (line.includes('`') && joined.test(line) ? [`${relative(rendererDir, file)}:${index + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
