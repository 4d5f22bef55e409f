// `import-x/no-cycle` skips imports that bring in types only, but the house style wants no
// cycles "not even through types": this rule reports the cycles that need a type-only
// import to close, leaving value cycles to import-x (so none is reported twice).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Relative imports only: our code has no path aliases, and packages cannot import us. */
function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (/\.tsx?$/.test(candidate) && fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) {
      return candidate;
    }
  }
  return undefined;
}

function isTypeOnlyImport(node) {
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  if (clause.name || !bindings || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node) {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    !!clause &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}

// file -> { mtimeMs, edges: [{ target, typeOnly }] }; mtime keeps editors' long runs fresh.
const cache = new Map();

function edgesOf(file) {
  const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return []; // deleted since an editor's run began
  const cached = cache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.edges;
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const edges = [];
  const add = (specifier, typeOnly) => {
    const target = resolveImport(file, specifier);
    if (target) edges.push({ target, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, isTypeOnlyImport(node));
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, isTypeOnlyExport(node));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  cache.set(file, { mtimeMs, edges });
  return edges;
}

/** The files from `start` to `goal` (both included), or undefined when there is no path. */
function findPath(start, goal, withTypes) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === goal) {
      const route = [];
      for (let at = file; at !== undefined; at = cameFrom.get(at)) route.unshift(at);
      return route;
    }
    for (const { target, typeOnly } of edgesOf(file)) {
      if ((withTypes || !typeOnly) && !cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return undefined;
}

function isTypeOnlyNode(node) {
  if (node.type === 'ImportExpression') return false;
  if (node.type === 'ImportDeclaration') {
    return (
      node.importKind === 'type' ||
      (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))
    );
  }
  return (
    node.exportKind === 'type' ||
    (node.specifiers?.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'))
  );
}

export const noTypeImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles that are closed by type-only imports.' },
    messages: { cycle: 'Dependency cycle through type imports: {{route}}' },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename;
    const root = context.cwd;
    const check = (node) => {
      const specifier = node.source?.type === 'Literal' ? node.source.value : undefined;
      if (typeof specifier !== 'string') return;
      const target = resolveImport(file, specifier);
      if (!target || target === file) return;
      const route = findPath(target, file, true);
      if (!route) return;
      // A cycle of value imports only is import-x/no-cycle's to report.
      if (!isTypeOnlyNode(node) && findPath(target, file, false)) return;
      const names = [file, ...route].map((f) => path.relative(root, f));
      context.report({ node, messageId: 'cycle', data: { route: names.join(' -> ') } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
