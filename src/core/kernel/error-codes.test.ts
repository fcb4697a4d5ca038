import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENGINE_ERROR_CODES, HOST_ERROR_CODES } from './error-codes.js';

/**
 * The catalogue must be exactly what the source throws: this test reads the code itself (the
 * TypeScript syntax tree), so a new `invalid('some_code', …)` without a catalogue entry fails
 * here, and the UI's translations are typed against the catalogue (a missing one fails tsc and
 * src/renderer/i18n/error-texts.test.ts).
 */

const ROOT = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Where a code is not written at the throw but comes from elsewhere (`invalid(verdict.code, …)`):
 * the file whose `code: '…'` properties are the codes it can carry. A new indirect site fails the
 * test until it is named here, so no code slips by unread.
 */
const INDIRECT: Record<string, string> = {
  'src/core/cards/issuance-checks.ts': 'src/core/network/eligibility.ts',
};

/** The string literals an expression can evaluate to, following consts of the same file. */
function literals(node: ts.Node, file: ts.SourceFile, unresolved: string[]): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isIdentifier(node)) {
    let found: string[] | undefined;
    const look = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && n.name.getText(file) === node.text && n.initializer) found = literals(n.initializer, file, unresolved);
      else n.forEachChild(look);
    };
    look(file);
    if (found?.length) return found;
    unresolved.push(node.getText(file));
    return [];
  }
  // `http_${status}`: one catalogue entry for the family.
  if (ts.isTemplateExpression(node)) return [`${node.head.text}*`];
  if (ts.isPropertyAccessExpression(node)) {
    unresolved.push(node.getText(file));
    return [];
  }
  const out: string[] = [];
  node.forEachChild((child) => {
    // Only the values of `a ? x : y` and `a ?? x`, not the condition.
    if (ts.isConditionalExpression(node) && child === node.condition) return;
    out.push(...literals(child, file, unresolved));
  });
  return out;
}

function objectProp(node: ts.ObjectLiteralExpression, name: string, file: ts.SourceFile): ts.Expression | undefined {
  for (const p of node.properties) if (ts.isPropertyAssignment(p) && p.name.getText(file) === name) return p.initializer;
  return undefined;
}

const ERROR_TYPES = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'idempotency_error', 'not_found', 'rate_limit_error', 'api_error']);

/** Every error code thrown (or returned as an error body) under the given folders. */
function scan(dirs: string[]): { codes: Set<string>; problems: string[] } {
  const codes = new Set<string>();
  const problems: string[] = [];
  for (const dir of dirs) {
    for (const path of sourceFiles(join(ROOT, dir))) {
      const rel = relative(ROOT, path);
      const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const add = (node: ts.Node): void => {
        const unresolved: string[] = [];
        for (const code of literals(node, file, unresolved)) codes.add(code);
        if (unresolved.length === 0) return;
        const source = INDIRECT[rel];
        if (source === undefined) {
          problems.push(`${rel}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: the error code ${unresolved.join(', ')} is not a literal; name the file it comes from in INDIRECT`);
          return;
        }
        const from = ts.createSourceFile(source, readFileSync(join(ROOT, source), 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (n: ts.Node): void => {
          if (ts.isPropertyAssignment(n) && n.name.getText(from) === 'code' && ts.isStringLiteralLike(n.initializer)) codes.add(n.initializer.text);
          n.forEachChild(visit);
        };
        visit(from);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = node.expression.getText(file);
          const args = node.arguments ?? [];
          if ((callee === 'invalid' || callee === 'forbidden') && args[0]) add(args[0]);
          if (callee === 'httpError' && args[2]) add(args[2]);
          if (callee === 'notFound') codes.add('resource_missing');
        }
        // An error body written out: { type: '<error type>', code: '…', … } (KartuError, HttpError, IPC answers).
        if (ts.isObjectLiteralExpression(node)) {
          const type = objectProp(node, 'type', file);
          const code = objectProp(node, 'code', file);
          if (type && code && ts.isStringLiteralLike(type) && ERROR_TYPES.has(type.text)) add(code);
        }
        node.forEachChild(visit);
      };
      visit(file);
    }
  }
  return { codes, problems };
}

describe('error code catalogue', () => {
  const engine = scan(['src/core']);
  const hosts = scan(['src/host', 'src/main', 'src/renderer/client']);

  it('reads every code the engine throws: none comes from a place the scan cannot follow', () => {
    expect(engine.problems).toEqual([]);
    expect(hosts.problems).toEqual([]);
  });

  it('lists exactly the codes the engine throws (a new code needs an entry; a code no longer thrown leaves)', () => {
    expect([...engine.codes].sort()).toEqual([...ENGINE_ERROR_CODES].sort());
  });

  it('lists exactly the codes the hosts and clients add in the same error shape', () => {
    const own = [...hosts.codes].filter((c) => !(ENGINE_ERROR_CODES as readonly string[]).includes(c));
    expect(own.sort()).toEqual([...HOST_ERROR_CODES].sort());
  });

  it('finds a code thrown through a const and a conditional', () => {
    // bus.ts: const code = … ? 'parameter_missing' : 'parameter_invalid'; throw invalid(code, …)
    expect(engine.codes.has('parameter_missing')).toBe(true);
    expect(engine.codes.has('parameter_invalid')).toBe(true);
    // issuance-checks.ts: invalid(verdict.code ?? 'network_refused', …), codes from eligibility.ts
    expect(engine.codes.has('network_name_not_embossable')).toBe(true);
    expect(engine.codes.has('network_refused')).toBe(true);
  });

  it('has no duplicates', () => {
    const all = [...ENGINE_ERROR_CODES, ...HOST_ERROR_CODES];
    expect(new Set(all).size).toBe(all.length);
  });
});
