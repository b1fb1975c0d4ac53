// A typed value reads in its own direction: a Hebrew or Arabic name in a text
// field or a textarea runs right to left with its punctuation in place, a
// Latin one left to right (dir="auto" on the control, as drawn on the server).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../app/i18n';
import { TextField } from './TextField';

/** The dir attribute of the field's control, as drawn for `value`. */
function drawnDir(value: string, multiline: boolean): string | null {
  const html = renderToStaticMarkup(createElement(TextField, { label: 'Name', value, onChange: () => undefined, testId: 'name', multiline }));
  const control = /<(input|textarea)\b[^>]*>/.exec(html)?.[0] ?? '';
  return /\bdir="([^"]*)"/.exec(control)?.[1] ?? null;
}

describe('a text field', () => {
  it('lets the typed text pick its direction, in an input and in a textarea', () => {
    expect(drawnDir('שרה כהן (מכירות)', false)).toBe('auto');
    expect(drawnDir('ليلى', true)).toBe('auto');
    expect(drawnDir('Ann', false)).toBe('auto');
  });
});
