#!/usr/bin/env node
// Two house rules, measured (the project standards; issue 14 asks for both):
//   sizes    every function in src/ over 80 lines and every file over 300 lines, each marked
//            "why:" when a comment right above it (or the file's opening comment) says why it is long;
//   exports  exports of src/ that nothing imports except their own file's test (own test = a
//            test file with the same base name), with how many tests import them.
// Usage: node scripts/code-hygiene.mjs [sizes|exports] (default both). Reads tsconfig.json's files.
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 300;
/** A comment that explains a long body says so with one of these words. */
const WHY = /\b(long|longer|large|why)\b/i;

const config = ts.getParsedCommandLineOfConfigFile(
  `${ROOT}/tsconfig.json`,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const rel = (file) => relative(ROOT, file);
const ours = program
  .getSourceFiles()
  .filter((f) => !f.isDeclarationFile && !rel(f.fileName).startsWith('..'));
const srcFiles = ours.filter((f) => rel(f.fileName).startsWith('src/'));

const lineOf = (sf, pos) => sf.getLineAndCharacterOfPosition(pos).line + 1;

function leadingCommentSays(sf, node) {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  return ranges.some((r) => WHY.test(sf.text.slice(r.pos, r.end)));
}

function functionName(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

/** The statement a function belongs to, where its explaining comment sits. */
function statementOf(node) {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !ts.isBlock(n.parent) && !ts.isClassLike(n.parent))
    n = n.parent;
  return n;
}

function sizes() {
  const files = [];
  const functions = [];
  for (const sf of srcFiles) {
    const lines = sf.getLineAndCharacterOfPosition(sf.end).line;
    if (lines > MAX_FILE_LINES) {
      const first = sf.statements[0];
      const why = first ? leadingCommentSays(sf, first) : false;
      files.push({ file: rel(sf.fileName), lines, why });
    }
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const lines = lineOf(sf, node.end) - lineOf(sf, node.getStart(sf)) + 1;
        if (lines > MAX_FUNCTION_LINES) {
          const why = leadingCommentSays(sf, statementOf(node)) || leadingCommentSays(sf, node);
          functions.push({
            where: `${rel(sf.fileName)}:${lineOf(sf, node.getStart(sf))}`,
            name: functionName(node),
            lines,
            why,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  files.sort((a, b) => b.lines - a.lines);
  functions.sort((a, b) => b.lines - a.lines);
  console.log(`files over ${MAX_FILE_LINES} lines: ${files.length}`);
  for (const f of files)
    console.log(`  ${String(f.lines).padStart(5)}  ${f.file}${f.why ? '  (why: commented)' : ''}`);
  console.log(`functions over ${MAX_FUNCTION_LINES} lines: ${functions.length}`);
  for (const f of functions)
    console.log(
      `  ${String(f.lines).padStart(5)}  ${f.where}  ${f.name}${f.why ? '  (why: commented)' : ''}`,
    );
}

/** The declaration an imported/re-exported name finally stands for, as "file#name". */
function targetOf(specifierName) {
  let symbol = checker.getSymbolAtLocation(specifierName);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol.declarations?.[0];
  if (!decl) return undefined;
  return `${rel(decl.getSourceFile().fileName)}#${symbol.name}`;
}

const isTest = (file) => /\.test\.ts$/.test(file);
const stem = (file) => basename(file).replace(/(\.test)?\.ts$/, '');

function exportsReport() {
  /** "file#name" → importing files. */
  const users = new Map();
  const use = (key, file) => {
    if (!key) return;
    if (!users.has(key)) users.set(key, new Set());
    users.get(key).add(file);
  };
  for (const sf of ours) {
    const file = rel(sf.fileName);
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && st.importClause) {
        const { name, namedBindings } = st.importClause;
        if (name) use(targetOf(name), file);
        if (namedBindings && ts.isNamedImports(namedBindings)) {
          for (const el of namedBindings.elements) use(targetOf(el.name), file);
        } else if (namedBindings && ts.isNamespaceImport(namedBindings)) {
          // `import * as m`: every export of m counts as used.
          const moduleSymbol = checker.getSymbolAtLocation(st.moduleSpecifier);
          for (const sym of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
            const decl = sym.declarations?.[0];
            if (decl) use(`${rel(decl.getSourceFile().fileName)}#${sym.name}`, file);
          }
        }
      }
      // `export { x } from './y'` in src/ (a barrel) is not a use: whoever imports through it is
      // counted above. Outside src/ (a test helper passing x on) it is.
      if (!file.startsWith('src/') && ts.isExportDeclaration(st) && st.moduleSpecifier && st.exportClause) {
        if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) use(targetOf(el.propertyName ?? el.name), file);
        }
      }
    }
  }
  const unused = [];
  for (const sf of srcFiles) {
    const file = rel(sf.fileName);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    for (const sym of checker.getExportsOfModule(moduleSymbol)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decl = target.declarations?.[0];
      // Re-exports are reported at their declaration.
      if (!decl || rel(decl.getSourceFile().fileName) !== file) continue;
      const importers = [...(users.get(`${file}#${target.name}`) ?? [])].filter((f) => f !== file);
      const others = importers.filter((f) => !(isTest(f) && stem(f) === stem(file)));
      const kind = target.flags & ts.SymbolFlags.Value ? 'value' : 'type';
      if (others.length === 0) unused.push({ file, name: target.name, kind, ownTests: importers.length });
    }
  }
  const values = unused.filter((u) => u.kind === 'value').length;
  console.log(
    `exports nothing imports but their own test: ${unused.length} (${values} values, ${unused.length - values} types)`,
  );
  for (const u of unused)
    console.log(`  ${u.file}  ${u.kind} ${u.name}  (own-test importers: ${u.ownTests})`);
}

const which = process.argv[2];
if (!which || which === 'sizes') sizes();
if (!which || which === 'exports') exportsReport();
