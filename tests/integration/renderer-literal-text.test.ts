// Every string a user sees goes through t(): this scans every .tsx file of
// the renderer with the TypeScript parser and fails on JSX text, or on a
// string literal in JSX (child expression or a user-visible attribute such
// as title, aria-label, placeholder or alt), that contains a letter.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src-renderer');
const visibleAttributes = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'aria-description', 'aria-roledescription']);
const letter = /\p{L}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

function literalTexts(file: string, text: string = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${path.relative(root, file)}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && letter.test(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression !== undefined && ts.isJsxElement(node.parent)) {
      const expression = node.expression;
      if ((ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) && letter.test(expression.text)) {
        report(node, expression.text);
      }
    }
    if (ts.isJsxAttribute(node) && visibleAttributes.has(node.name.getText(source)) && node.initializer !== undefined) {
      const value = node.initializer;
      const literal = ts.isStringLiteral(value)
        ? value
        : ts.isJsxExpression(value) && value.expression !== undefined && ts.isStringLiteral(value.expression)
          ? value.expression
          : null;
      if (literal !== null && letter.test(literal.text)) report(node, literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('renderer text', () => {
  it('has no user-visible literal text in JSX', () => {
    const files = tsxFiles(root);
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap((file) => literalTexts(file))).toEqual([]);
  });

  it('catches literal text when there is some (self-check of the scanner)', () => {
    const sample = [
      'export const A = () => <p title="Hello">World</p>;',
      'export const B = () => <p>{"again"}</p>;',
      'export const C = () => <input placeholder={"Type here"} aria-label={t("ok")} />;',
      "export const D = () => <kbd>{'↵'}</kbd>;",
    ].join('\n');
    const found = literalTexts(path.join(root, 'probe.tsx'), sample);
    expect(found.map((line) => line.replace(/^.*: /, ''))).toEqual(['"Hello"', '"World"', '"again"', '"Type here"']);
  });
});
