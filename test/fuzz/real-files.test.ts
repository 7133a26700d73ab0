// A cheap structural check over lots of real code: lineprof's own compiled sources, every
// fixture program, and some installed packages (minified ones included) are instrumented
// as they are and with comments holding `{ } ( )` put between tokens all over them; each
// result must parse without errors (syntax or scope), keep every line where it was, and
// come back unchanged from a second pass. Nothing runs. Reads files; writes none.

import { test } from 'node:test';
import assert, { AssertionError } from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';
import { instrument, type SourceLang } from '../../src/instrument/instrument.js';
import { assertLinesKept } from '../instrument/run-program.js';
import { KNOWN_BUGS } from './campaign.js';
import { Random } from './random.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

type SourceType = 'module' | 'commonjs' | 'unambiguous';

interface Corpus {
  readonly name: string;
  readonly files: readonly string[];
}

function filesUnder(dir: string, pattern = SCRIPT): string[] {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return (fs.readdirSync(absolute, { recursive: true }) as string[])
    .filter((file) => pattern.test(file) && !file.endsWith('.d.ts'))
    .map((file) => path.join(absolute, file))
    .sort();
}

const CORPORA: readonly Corpus[] = [
  { name: "lineprof's compiled sources (dist/src)", files: filesUnder('dist/src', /\.c?js$/) },
  { name: 'fixture programs (test/fixtures)', files: filesUnder('test/fixtures') },
  {
    name: 'installed packages (node_modules, minified included)',
    files: [
      ...filesUnder('node_modules/commander/lib'),
      ...filesUnder('node_modules/picomatch/lib'),
      ...filesUnder('node_modules/magic-string/dist', /\.(?:cjs\.js|mjs)$/),
      ...filesUnder('node_modules/get-tsconfig/dist', /\.[cm]js$/),
      ...['acorn.js', 'babel.js', 'estree.js', 'graphql.js', 'glimmer.mjs'].map((f) => path.join(ROOT, 'node_modules/prettier/plugins', f)),
    ].filter((file) => fs.existsSync(file)),
  },
];

function langOf(file: string): SourceLang {
  if (/\.[cm]?ts$/.test(file)) return 'ts';
  if (file.endsWith('.tsx')) return 'tsx';
  if (file.endsWith('.jsx')) return 'jsx';
  return 'js';
}

function sourceTypeOf(file: string): SourceType {
  if (/\.m[jt]s$/.test(file) || file.includes(`${path.sep}dist${path.sep}src${path.sep}`)) return 'module';
  if (/\.c[jt]s$/.test(file)) return 'commonjs';
  return 'unambiguous';
}

function parseErrors(file: string, code: string, lang: SourceLang, sourceType: SourceType): string[] {
  const parsed = parseSync(file, code, { lang, sourceType, showSemanticErrors: true });
  return parsed.errors.map((e) => e.message);
}

/**
 * What is wrong with instrumenting `source` (undefined: nothing). A source that does
 * not parse itself is no test of the instrumenter: 'skip'.
 */
function checkSource(file: string, source: string): string | undefined | 'skip' {
  const lang = langOf(file);
  const sourceType = sourceTypeOf(file);
  if (parseErrors(file, source, lang, sourceType).length > 0) return 'skip';
  let code: string;
  try {
    code = instrument(source, { file, fileKey: 'k', lang, sourceType }).code;
  } catch (error) {
    return `instrument() threw ${String(error)}`;
  }
  const errors = parseErrors(file, code, lang, sourceType);
  if (errors.length > 0) return `the instrumented code does not parse: ${errors.slice(0, 3).join('; ')}`;
  if (code !== source) {
    try {
      assertLinesKept(source, code);
    } catch (error) {
      if (!(error instanceof AssertionError)) throw error;
      return `lines moved: ${error.message.slice(0, 300)}`;
    }
  }
  const again = instrument(code, { file, fileKey: 'k', lang, sourceType }).code;
  if (again !== code) return 'a second pass changed the instrumented code';
  return undefined;
}

const COMMENTS = ['/*{*/', '/*}*/', '/*)*/', '/*(*/', '/*;*/'];
/** After a keyword: everything an instrumenter searching the text for a token could trip on. */
const AFTER_KEYWORD = '/*{}();*/';

/** Statements and expressions that start with a keyword, after which a comment may go too. */
const KEYWORDS: Record<string, string> = {
  IfStatement: 'if',
  ForStatement: 'for',
  ForInStatement: 'for',
  ForOfStatement: 'for',
  WhileStatement: 'while',
  DoWhileStatement: 'do',
  SwitchStatement: 'switch',
  TryStatement: 'try',
  CatchClause: 'catch',
  ReturnStatement: 'return',
  ThrowStatement: 'throw',
  ClassDeclaration: 'class',
  ClassExpression: 'class',
  NewExpression: 'new',
  AwaitExpression: 'await',
  YieldExpression: 'yield',
  FunctionDeclaration: 'function',
  FunctionExpression: 'function',
  // A known bug (test/fuzz/regressions.test.ts) until KNOWN_BUGS drops it.
  ...(KNOWN_BUGS.has('static-block-comment') ? {} : { StaticBlock: 'static' }),
};
/**
 * `source` with a comment before or after one node in `every` (and after its keyword),
 * chosen by a seeded random source: at node boundaries a comment is always allowed (JSX
 * text and template text, where it would not be a comment, are left alone).
 */
function withComments(file: string, source: string, seed: number, every = 8): string {
  const parsed = parseSync(file, source, { lang: langOf(file), sourceType: sourceTypeOf(file) });
  const offsets = new Map<number, string>();
  const random = new Random(seed);
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const { type, start, end } = node as { type?: unknown; start?: unknown; end?: unknown };
    if (typeof type === 'string') {
      if (type.startsWith('JSX') || type === 'TemplateElement') return;
      if (typeof start === 'number' && typeof end === 'number' && type !== 'Program') {
        if (random.chance(1 / every)) offsets.set(random.chance(0.5) ? start : end, random.pick(COMMENTS));
        const keyword = KEYWORDS[type];
        if (keyword !== undefined && source.startsWith(keyword, start) && random.chance(0.7)) offsets.set(start + keyword.length, AFTER_KEYWORD);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'parent') visit(value);
  };
  visit(parsed.program);
  if (source.startsWith('#!')) offsets.delete(0);
  const parts: string[] = [];
  let at = 0;
  for (const [offset, comment] of [...offsets].sort(([a], [b]) => a - b)) {
    // After a `/` operator, `/*` would read as `//`.
    parts.push(source.slice(at, offset), source[offset - 1] === '/' ? ` ${comment}` : comment);
    at = offset;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

for (const corpus of CORPORA) {
  test(`instrumented ${corpus.name} still parses, keeps its lines, and is instrumented once only`, (t) => {
    assert.notEqual(corpus.files.length, 0, 'no files found: is the project built?');
    const problems: string[] = [];
    let checked = 0;
    let bytes = 0;
    const skipped: string[] = [];
    corpus.files.forEach((file, i) => {
      const source = fs.readFileSync(file, 'utf8');
      const relative = path.relative(ROOT, file);
      for (const [variant, text] of [['as is', source], ['with comments', withComments(file, source, i + 1)]] as const) {
        const problem = checkSource(file, text);
        if (problem === 'skip') skipped.push(`${relative} (${variant})`);
        else if (problem !== undefined) problems.push(`${relative} (${variant}): ${problem}`);
        else {
          checked++;
          bytes += text.length;
        }
      }
    });
    t.diagnostic(`${checked} sources checked (${(bytes / 1e6).toFixed(2)} MB); skipped, as they do not parse: ${skipped.join(', ') || 'none'}`);
    assert.deepEqual(problems, []);
  });
}
