// No module of the app imports itself through others. A cycle makes the order in which modules
// run depend on which one is loaded first (a lazy role chunk can then see a half-initialised
// module), and it is the sign of code in the wrong place: what two modules both need belongs
// in a third. The imports are read with TypeScript's own parser, type-only and dynamic
// `import()` ones included; packages are not followed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier `file` imports or re-exports, statically or with `import()`. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The app's own module a relative specifier names (as Vite resolves it), or null. */
function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => join(base, `index${ext}`))];
  return candidates.find((path) => EXTENSIONS.some((ext) => path.endsWith(ext)) && existsSync(path)) ?? null;
}

type Graph = Map<string, string[]>;

function importGraph(dir: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(dir)) {
    const targets = specifiers(file).map((s) => resolveLocal(file, s)).filter((p): p is string => p !== null);
    graph.set(relative(dir, file), [...new Set(targets.map((p) => relative(dir, p)))]);
  }
  return graph;
}

/** One cycle per strongly connected group of modules (Tarjan), as a path back to its start. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strongConnect = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        strongConnect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(pathWithin(graph, new Set(group), node));
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) strongConnect(node);
  return found;
}

/** A shortest way from `start` back to itself inside one strongly connected group. */
function pathWithin(graph: Graph, group: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

describe('the tablet app’s imports', () => {
  it('form no cycle', () => {
    const graph = importGraph(SRC);
    // the walk found the app, and followed its relative imports (a broken walk finds no cycle either)
    expect(graph.get('main.tsx')).toContain(join('ui', 'App.tsx'));
    expect(graph.get(join('roles', 'index.tsx'))).toContain(join('roles', 'mcus_coordinator', 'CoordinatorApp.tsx'));
    expect(cycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('would name a cycle, with the modules in it in import order', () => {
    const graph: Graph = new Map([
      ['app.tsx', ['order.tsx', 'i18n.ts']],
      ['order.tsx', ['queue.ts']],
      ['queue.ts', ['app.tsx', 'i18n.ts']],
      ['i18n.ts', []],
      ['self.ts', ['self.ts']],
    ]);
    expect(cycles(graph)).toEqual([
      ['app.tsx', 'order.tsx', 'queue.ts', 'app.tsx'],
      ['self.ts', 'self.ts'],
    ]);
  });
});
