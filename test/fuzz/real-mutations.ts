// Fuzzing from real code (issue 17): JavaScript and TypeScript files of the installed
// dependencies, mutated (statements deleted, duplicated, swapped and wrapped in blocks,
// closures, generators, class methods or labels; lines joined and split; comments and
// exotic line ends put between tokens; `function` made async or a generator; `var` made
// `const`; semicolons dropped; ...), each mutant checked against the parser's verdict on
// it. A mutant that oxc-parser accepts must instrument without throwing, into code that
// parses, keeps every line at its line and comes back unchanged from a second pass (and,
// for CommonJS, compiles in V8 when the mutant does); a mutant it rejects must make
// instrument() throw a LineprofError with code 'SYNTAX' and nothing else. Nothing runs.
//
// Shared by test/fuzz/real-mutations.test.ts (a short, fixed run) and `node
// scripts/fuzz.mjs --real` (long runs). Deterministic: a seed gives the same file and
// mutant on every machine with the same node_modules. Reads files; writes none; must not
// print (it reports through its result and the onFailure callback).
//
// The files: every .js/.cjs/.mjs/.ts (no .d.ts, no .min.js) of node_modules, nested
// packages included, of 200 B to 300 KB, that parses as it is; a package is drawn first,
// then one of its files, so that big packages do not crowd out the others. node_modules is
// found from where oxc-parser resolves (so the code runs from dist/ or from another build
// directory whose node_modules links to the project's), or LINEPROF_FUZZ_NODE_MODULES.

import { AssertionError } from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { parseSync } from 'oxc-parser';
import { isLineprofError } from '../../src/errors.js';
import { instrument, type InstrumentOptions, type InstrumentResult, type SourceLang } from '../../src/instrument/instrument.js';
import { assertLinesKept, isSubsequence } from '../instrument/run-program.js';
import { Random } from './random.js';

export type SourceType = 'module' | 'commonjs' | 'unambiguous';

/** How a file is instrumented: what the loader would pass, plus an engine drawn per mutant. */
export interface Setup {
  readonly file: string;
  readonly lang: SourceLang;
  readonly sourceType: SourceType;
  readonly engine: 'exact' | 'sampled';
  readonly mockSafe: boolean;
}

export type Instrument = (source: string, options: InstrumentOptions) => InstrumentResult;

export type FailureKind =
  /** The parser accepts the mutant; instrument() threw. */
  | 'threw'
  /** The parser rejects the mutant; instrument() threw something else than a SYNTAX LineprofError. */
  | 'wrong-error'
  /** The parser rejects the mutant; instrument() returned code. */
  | 'accepted-invalid'
  /** The instrumented code has parse (or scope) errors. */
  | 'unparsable-output'
  /** V8 compiles the mutant (CommonJS) but not the instrumented code. */
  | 'v8-rejects-output'
  | 'lines-moved'
  | 'not-idempotent';

export type Verdict = { readonly kind: 'valid' } | { readonly kind: 'invalid' } | { readonly kind: FailureKind; readonly detail: string };

// ---------------------------------------------------------------------------------------
// The files

export interface Pool {
  readonly nodeModules: string;
  /** Package directories (relative to nodeModules), sorted. */
  readonly packages: readonly string[];
  /** Each package's candidate files (absolute), sorted. */
  readonly files: ReadonlyMap<string, readonly string[]>;
  readonly fileCount: number;
}

const MIN_BYTES = 200;
export const MAX_BYTES = 300 * 1024;
const CANDIDATE = /\.(?:[cm]?js|[cm]?ts)$/;
const EXCLUDED = /\.d\.[cm]?ts$|\.min\.[cm]?js$|(?:^|[/\\])\.bin[/\\]/;

export function nodeModulesDir(): string {
  const fromEnv = process.env.LINEPROF_FUZZ_NODE_MODULES;
  if (fromEnv) return path.resolve(fromEnv);
  const resolved = createRequire(import.meta.url).resolve('oxc-parser');
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = resolved.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot find node_modules from ${resolved}: set LINEPROF_FUZZ_NODE_MODULES`);
  return resolved.slice(0, at + marker.length - 1);
}

/** The package directory of a path relative to node_modules: `a`, `@s/a`, `a/node_modules/b`. */
function packageOf(relative: string): string {
  const parts = relative.split(/[/\\]/);
  let last = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === 'node_modules') last = i + 1;
  const end = parts[last]?.startsWith('@') ? last + 2 : last + 1;
  return parts.slice(0, end).join('/');
}

const pools = new Map<string, Pool>();

export function loadPool(nodeModules = nodeModulesDir()): Pool {
  const cached = pools.get(nodeModules);
  if (cached) return cached;
  const byPackage = new Map<string, string[]>();
  let fileCount = 0;
  for (const relative of (fs.readdirSync(nodeModules, { recursive: true }) as string[]).sort()) {
    if (!CANDIDATE.test(relative) || EXCLUDED.test(relative)) continue;
    const pkg = packageOf(relative);
    let list = byPackage.get(pkg);
    if (!list) byPackage.set(pkg, (list = []));
    list.push(path.join(nodeModules, relative));
    fileCount++;
  }
  const pool: Pool = { nodeModules, packages: [...byPackage.keys()].sort(), files: byPackage, fileCount };
  pools.set(nodeModules, pool);
  return pool;
}

const packageTypes = new Map<string, string | undefined>();

/** `type` of the nearest package.json (Node's rule for .js and .ts files). */
function packageType(dir: string): string | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type: string | undefined;
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      type = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: string }).type ?? 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = path.dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

/** lang and sourceType as the loader picks them for a file of this kind. */
export function kindOf(file: string): { lang: SourceLang; sourceType: SourceType } {
  const ext = path.extname(file);
  const lang: SourceLang = /^\.[cm]?ts$/.test(ext) ? 'ts' : 'js';
  const module = ext === '.mjs' || ext === '.mts' || (ext !== '.cjs' && ext !== '.cts' && packageType(path.dirname(file)) === 'module');
  return { lang, sourceType: module ? 'module' : lang === 'js' ? 'commonjs' : 'unambiguous' };
}

export function parseErrors(file: string, code: string, lang: SourceLang, sourceType: SourceType): string[] {
  const parsed = parseSync(file, code, { lang, sourceType, showSemanticErrors: true });
  return parsed.errors.map((e) => e.message);
}

/** Files found unsuitable (too big or small, or not parsing as they are), by path. */
const suitability = new Map<string, boolean>();

function readSuitable(file: string): string | undefined {
  if (suitability.get(file) === false) return undefined;
  let source: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size < MIN_BYTES || stat.size > MAX_BYTES) {
      suitability.set(file, false);
      return undefined;
    }
    source = fs.readFileSync(file, 'utf8');
  } catch {
    suitability.set(file, false);
    return undefined;
  }
  if (!suitability.has(file)) {
    const { lang, sourceType } = kindOf(file);
    const ok = !source.includes('/*lineprof:') && parseErrors(file, source, lang, sourceType).length === 0;
    suitability.set(file, ok);
    if (!ok) return undefined;
  }
  return source;
}

/** A file drawn from the pool by `random` (a package, then one of its files), with its text. */
function drawFile(pool: Pool, random: Random): { file: string; source: string } {
  for (let attempt = 0; attempt < 200; attempt++) {
    const files = pool.files.get(random.pick(pool.packages))!;
    const file = random.pick(files);
    const source = readSuitable(file);
    if (source !== undefined) return { file, source };
  }
  throw new Error(`no suitable file found in ${pool.nodeModules} (${pool.fileCount} candidates)`);
}

// ---------------------------------------------------------------------------------------
// What a mutation can act on

interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

interface FunctionSpan extends Span {
  readonly async: boolean;
  readonly generator: boolean;
  /** Offset of the body's `{` (undefined for an expression-bodied arrow). */
  readonly bodyStart: number | undefined;
  /** Start of the name when a declaration has one. */
  readonly id: Span & { readonly name: string } | undefined;
}

interface Facts {
  /** Statement lists (program, block, function and static block bodies, case consequents). */
  readonly lists: Span[][];
  readonly functions: FunctionSpan[];
  /** Class members and object methods with their containers' kind (a duplicate needs `,` in an object). */
  readonly members: (Span & { readonly inObject: boolean; readonly key: (Span & { readonly name: string }) | undefined })[];
  readonly declarations: (Span & { readonly kind: string })[];
  /** Identifier keys of properties, methods and class fields (not shorthand, not computed): where names come from. */
  readonly keys: (Span & { readonly name: string })[];
  /** Node starts and ends: between tokens, outside strings, templates and comments. */
  readonly boundaries: number[];
  /** Starts of whitespace between tokens (outside strings, templates, regexes and comments). */
  readonly gaps: number[];
  /** The gaps right after a keyword (`return`, `async`, `static`, `else`, `=>`, ...). */
  readonly keywordGaps: number[];
  /** String literals (quoted: start and end are the quotes). */
  readonly strings: Span[];
  /** Expressions (for parentheses). */
  readonly expressions: Span[];
  /** Ends of statements whose last character is `;`. */
  readonly semicolons: number[];
  readonly newlines: number[];
}

/** A keyword (or `=>`, `*`) just before a gap: where an instrumenter searching the text for a token may trip. */
const KEYWORD_BEFORE =
  /(?:^|[^\w$])(?:async|await|yield|return|throw|static|get|set|function|class|extends|new|if|else|for|while|do|switch|case|default|try|catch|finally|let|const|var|typeof|void|delete|in|of|instanceof|export|import|from|=>|\*)$/;

const LIST_KEYS: Record<string, string> = { Program: 'body', BlockStatement: 'body', StaticBlock: 'body', SwitchCase: 'consequent' };
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

interface AnyNode {
  readonly type?: unknown;
  readonly start?: unknown;
  readonly end?: unknown;
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is AnyNode & Span {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string' && typeof (value as AnyNode).start === 'number';
}

function identifier(value: unknown): (Span & { name: string }) | undefined {
  return isNode(value) && value.type === 'Identifier' && typeof value.name === 'string' ? { type: 'Identifier', start: value.start, end: value.end, name: value.name } : undefined;
}

function factsOf(setup: Setup, text: string): Facts {
  const parsed = parseSync(setup.file, text, { lang: setup.lang, sourceType: setup.sourceType });
  const facts: Facts = { lists: [], functions: [], members: [], declarations: [], keys: [], boundaries: [], gaps: [], keywordGaps: [], strings: [], expressions: [], semicolons: [], newlines: [] };
  const boundaries = new Set<number>();
  /** Ranges that are not code: string and regex literals, template text, comments. */
  const opaque: [number, number][] = parsed.comments.map((c) => [c.start, c.end]);
  const visit = (node: unknown, parent: (AnyNode & Span) | undefined): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, parent);
      return;
    }
    if (!isNode(node)) return;
    const { type } = node;
    if (type.startsWith('JSX') || type === 'TemplateElement') {
      opaque.push([node.start, node.end]);
      return;
    }
    if (type === 'Literal' && typeof node.raw === 'string' && !/^[\d.]/.test(node.raw)) {
      opaque.push([node.start, node.end]);
      if (/^['"]/.test(node.raw)) facts.strings.push({ type, start: node.start, end: node.end });
    }
    if (type !== 'Program') {
      boundaries.add(node.start);
      boundaries.add(node.end);
    }
    const listKey = LIST_KEYS[type];
    if (listKey && Array.isArray(node[listKey])) {
      facts.lists.push((node[listKey] as unknown[]).filter(isNode).map((n) => ({ type: n.type, start: n.start, end: n.end })));
      for (const statement of node[listKey] as unknown[]) {
        if (isNode(statement) && statement.type !== 'FunctionDeclaration' && text[statement.end - 1] === ';') facts.semicolons.push(statement.end - 1);
      }
    }
    if (FUNCTIONS.has(type)) {
      const body = node.body;
      facts.functions.push({
        type,
        start: node.start,
        end: node.end,
        async: node.async === true,
        generator: node.generator === true,
        bodyStart: isNode(body) && body.type === 'BlockStatement' ? body.start : undefined,
        id: type === 'FunctionDeclaration' ? identifier(node.id) : undefined,
      });
    }
    if ((type === 'MethodDefinition' && parent?.type === 'ClassBody') || (type === 'Property' && node.method === true)) {
      facts.members.push({ type, start: node.start, end: node.end, inObject: type === 'Property', key: node.computed === true ? undefined : identifier(node.key) });
    }
    if ((type === 'Property' || type === 'MethodDefinition' || type === 'PropertyDefinition') && node.computed !== true && node.shorthand !== true) {
      const key = identifier(node.key);
      if (key) facts.keys.push(key);
    }
    if (type === 'VariableDeclaration' && typeof node.kind === 'string' && text.startsWith(node.kind, node.start)) {
      facts.declarations.push({ type, start: node.start, end: node.end, kind: node.kind });
    }
    if (type.endsWith('Expression') || type === 'Identifier' || type === 'Literal') facts.expressions.push({ type, start: node.start, end: node.end });
    for (const [key, value] of Object.entries(node)) if (key !== 'parent') visit(value, node);
  };
  visit(parsed.program, undefined);
  if (text.startsWith('#!')) boundaries.delete(0);
  facts.boundaries.push(...[...boundaries].sort((a, b) => a - b));
  opaque.sort(([a], [b]) => a - b);
  let o = 0;
  const codeStart = text.startsWith('#!') ? (text.indexOf('\n') + 1 || text.length) : 0;
  for (const match of text.matchAll(/(?<=\S)[ \t]+/g)) {
    const at = match.index;
    if (at < codeStart) continue;
    while (o < opaque.length && opaque[o][1] <= at) o++;
    if (o < opaque.length && opaque[o][0] < at) continue;
    facts.gaps.push(at);
    if (KEYWORD_BEFORE.test(text.slice(Math.max(0, at - 12), at))) facts.keywordGaps.push(at);
  }
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) facts.newlines.push(at);
  return facts;
}

// ---------------------------------------------------------------------------------------
// Mutations: each returns the mutant and what it did, or undefined when it has nothing to act on.

interface Mutated {
  readonly text: string;
  readonly note: string;
}

type Mutation = (text: string, facts: Facts, random: Random, avoid: ReadonlySet<string>) => Mutated | undefined;

/**
 * Known bugs that runs steer around by default (`--avoid none` does not), so that they
 * find new ones; real-mutations.test.ts shows each as a todo test. Remove an entry once
 * that test passes.
 *
 * None now. (line-terminator-in-name, a function named by a string key holding U+2028 or
 * U+2029, which instrument() wrote raw into the first line's table so that V8 counted one
 * more line, is fixed: probes.ts escapes both.)
 */
export const KNOWN_REAL_BUGS: ReadonlySet<string> = new Set<string>([]);

/** STRING_PIECES, without those that make a known bug. */
function stringPieces(avoid: ReadonlySet<string>): readonly string[] {
  // A line continuation (a backslash, then the character) adds nothing to the string's value.
  return avoid.has('line-terminator-in-name') ? STRING_PIECES.filter((p) => p === '\\\u2028' || !/[\u2028\u2029]|\\u2028/.test(p)) : STRING_PIECES;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/** Insertions at several offsets at once (the highest first, so the others stay valid). */
function insertAll(text: string, inserts: readonly (readonly [number, string])[]): string {
  let out = text;
  for (const [offset, piece] of [...inserts].sort(([a], [b]) => b - a)) {
    // After a `/` operator, `/*` or `//` would read as a comment.
    out = splice(out, offset, offset, out[offset - 1] === '/' && piece.startsWith('/') ? ` ${piece}` : piece);
  }
  return out;
}

function pickList(facts: Facts, random: Random, least = 1): Span[] | undefined {
  const lists = facts.lists.filter((list) => list.length >= least);
  return lists.length === 0 ? undefined : random.pick(lists);
}

function pickSome<T>(items: readonly T[], random: Random, most: number): T[] {
  const chosen = new Set<T>();
  const n = random.between(1, Math.min(most, items.length));
  while (chosen.size < n) chosen.add(random.pick(items));
  return [...chosen];
}

const COMMENTS = ['/*{*/', '/*}*/', '/*)*/', '/*(*/', '/*;*/', '/**/', '/*\n*/', '/*\n{\n*/', '/*é😀*/', '//x\n', '// }\n', '/*`${*/'];
/** Put at the start of a string's text: raw line terminators, line continuations, escapes. */
const STRING_PIECES = ['\u2028', '\u2029', '\\\n', '\\\r\n', '\\\u2028', '\\u2028', '\\n', 'é😀', '*/', '${'];
const KEYWORD_GAP_PIECES = ['/*{}();*/', '/*{*/', '\n', '/*\n*/', '//(\n', '\r\n', '\u2028', ' /*=>*/ '];
const EXOTIC_SPACES = ['\t', '\v', '\f', '\u00a0', '\ufeff', '\u2003', '\u3000', '\t\t\t\t'];
const LINE_ENDS = ['\r\n', '\r', '\u2028', '\u2029', '\n\n'];

/** Code that wraps a region: `@` becomes a fresh name. */
const WRAPPERS: readonly (readonly [string, string])[] = [
  ['{', '}'],
  ['(() => {', '})();'],
  ['(async () => {', '})();'],
  ['(function* () {', '})().next();'],
  ['(async function* () {', '})().next();'],
  ['async function @() {', '}'],
  ['function* @() {', '}'],
  ['function @() {', '}'],
  ['class @ { m() {', '} }'],
  ['class @ { static {', '} }'],
  ['class @ { static async *m() {', '} }'],
  ['class @ { #p = () => {', '} }'],
  ['const @ = { get g() {', '} };'],
  ['@: {', '}'],
  ['if (typeof @ === "undefined") {', '} else {}'],
  ['if (0) ; else {', '}'],
  ['try {', '} finally {}'],
  ['try {', '} catch {}'],
  ['try {} catch (@) {', '}'],
  ['for (;;) {', 'break; }'],
  ['@: for (const @x of [0]) {', '}'],
  ['do {', '} while (0);'],
  ['while (0) {', '}'],
  ['switch (0) { case 0:', '}'],
  ['switch (0) { default: {', '} }'],
  ['with ({}) {', '}'],
  ['export default async function () {', '}'],
];

/** Statements inserted between others: many are errors where they land, which is the point. */
const STATEMENTS = [
  'return;', 'return 1;', 'return\n1;', 'await 0;', 'yield 1;', 'yield;', 'debugger;', ';', 'break;', 'continue;',
  'super.x;', 'new.target;', '"use strict";', 'function @() {}', 'async function @() { await 0; }', 'let @ = 1;',
  'var @;', 'import.meta;', 'arguments;', 'this.@ = 1;', '@: ;', 'class @ {}', 'for await (const @ of []);',
  '({ @ } = {});', 'async function* @() { yield* []; }', 'if (0) function @() {}', 'throw 0;', '`${0}\n`;',
  'x\n++y', 'a\n(b)', 'a\n[0]', 'let\n@ = 0', '@ = function () { return this }\n', 'label: function @() {}',
];

/** `template` with each `@` made a name drawn from `random`. */
function fresh(template: string, random: Random): string {
  const name = `lpz${random.int(36 ** 4).toString(36)}`;
  return template.replace(/@/g, name);
}

const MUTATIONS: Record<string, readonly [weight: number, Mutation]> = {
  'delete-lines': [2, (text, facts, random) => {
    const lines = text.split('\n');
    if (lines.length < 2) return undefined;
    const at = random.int(lines.length);
    const k = random.between(1, Math.min(8, lines.length - at));
    lines.splice(at, k);
    return { text: lines.join('\n'), note: `deleted lines ${at + 1}..${at + k}` };
  }],
  'delete-statement': [3, (text, facts, random) => {
    const list = pickList(facts, random);
    if (!list) return undefined;
    const s = random.pick(list);
    return { text: splice(text, s.start, s.end, ''), note: `deleted the ${s.type} at line ${lineOf(text, s.start)}` };
  }],
  'duplicate-statement': [2, (text, facts, random) => {
    const list = pickList(facts, random);
    if (!list) return undefined;
    const s = random.pick(list);
    const sep = random.pick(['\n', ' ', '']);
    return { text: splice(text, s.end, s.end, sep + text.slice(s.start, s.end)), note: `duplicated the ${s.type} at line ${lineOf(text, s.start)}` };
  }],
  'swap-statements': [2, (text, facts, random) => {
    const list = pickList(facts, random, 2);
    if (!list) return undefined;
    const i = random.int(list.length - 1);
    const [a, b] = [list[i], list[i + 1]];
    const swapped = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    return { text: swapped, note: `swapped the ${a.type} at line ${lineOf(text, a.start)} with the ${b.type} after it` };
  }],
  'duplicate-function': [3, (text, facts, random) => {
    const declarations = facts.functions.filter((f) => f.type === 'FunctionDeclaration');
    const choices = [...declarations.map((f) => ({ f, m: undefined })), ...facts.members.map((m) => ({ f: undefined, m }))];
    if (choices.length === 0) return undefined;
    const { f, m } = random.pick(choices);
    const span = (f ?? m)!;
    let copy = text.slice(span.start, span.end);
    const name = f ? f.id : m!.key;
    const rename = name !== undefined && random.chance(0.5);
    if (rename) copy = copy.slice(0, name.start - span.start) + `${name.name}$dup` + copy.slice(name.end - span.start);
    const sep = (m?.inObject ? ',' : '') + random.pick(['\n', ' ', '']);
    return {
      text: splice(text, span.end, span.end, sep + copy),
      note: `duplicated the ${f ? 'function' : m!.inObject ? 'object method' : 'class member'} at line ${lineOf(text, span.start)}${rename ? ' (renamed)' : ''}`,
    };
  }],
  'join-lines': [3, (text, facts, random) => {
    if (facts.newlines.length === 0) return undefined;
    const first = random.int(facts.newlines.length);
    const ends = facts.newlines.slice(first, first + (random.chance(0.8) ? random.between(1, 4) : random.between(5, 60)));
    const glue = random.pick(['', ' ', ';']);
    let out = text;
    for (const at of [...ends].reverse()) out = splice(out, out[at - 1] === '\r' ? at - 1 : at, at + 1, glue);
    return { text: out, note: `joined lines ${lineOf(text, ends[0])}..${lineOf(text, ends[ends.length - 1]) + 1} with ${JSON.stringify(glue)}` };
  }],
  'split-tokens': [3, (text, facts, random) => {
    const places = random.pick([facts.boundaries, facts.gaps, facts.keywordGaps]);
    if (places.length === 0) return undefined;
    const at = pickSome(places, random, 8);
    const piece = random.pick(['\n', '\n\n', '\r\n', '\n  ']);
    return { text: insertAll(text, at.map((o) => [o, piece])), note: `${JSON.stringify(piece)} at ${at.length} token boundaries (lines ${at.map((o) => lineOf(text, o)).join(', ')})` };
  }],
  comments: [3, (text, facts, random) => {
    const places = random.pick([facts.boundaries, facts.gaps, facts.keywordGaps]);
    if (places.length === 0) return undefined;
    const at = pickSome(places, random, 10);
    return { text: insertAll(text, at.map((o) => [o, random.pick(COMMENTS)])), note: `comments at ${at.length} token boundaries (lines ${at.map((o) => lineOf(text, o)).join(', ')})` };
  }],
  'keyword-gaps': [3, (text, facts, random) => {
    if (facts.keywordGaps.length === 0) return undefined;
    const at = pickSome(facts.keywordGaps, random, 12);
    const pieces = random.chance(0.5) ? [random.pick(KEYWORD_GAP_PIECES)] : KEYWORD_GAP_PIECES;
    return {
      text: insertAll(text, at.map((o) => [o, random.pick(pieces)])),
      note: `${pieces.length === 1 ? JSON.stringify(pieces[0]) : 'comments, line ends and whitespace'} after keywords at lines ${at.map((o) => lineOf(text, o)).join(', ')}`,
    };
  }],
  whitespace: [2, (text, facts, random) => {
    if (facts.gaps.length === 0) return undefined;
    const at = pickSome(facts.gaps, random, 12);
    const space = random.pick(EXOTIC_SPACES);
    return { text: insertAll(text, at.map((o) => [o, space])), note: `${JSON.stringify(space)} at ${at.length} gaps between tokens (lines ${at.map((o) => lineOf(text, o)).join(', ')})` };
  }],
  'file-start': [1, (text, facts, random) => {
    const hashbang = text.startsWith('#!');
    const choice = random.pick(['bom', 'hashbang', 'blank lines', 'comment'] as const);
    if (choice === 'bom') return text.startsWith('\ufeff') ? undefined : { text: `\ufeff${text}`, note: 'a byte order mark at the start' };
    if (choice === 'hashbang') return hashbang ? undefined : { text: `#!/usr/bin/env node\n${text}`, note: 'a hashbang line at the start' };
    const at = hashbang ? text.indexOf('\n') + 1 : 0;
    const piece = choice === 'comment' ? '/* a\n * b */ ' : '\n\n';
    return { text: splice(text, at, at, piece), note: `${choice} at the start` };
  }],
  'string-terminators': [2, (text, facts, random, avoid) => {
    if (facts.strings.length === 0) return undefined;
    const literal = random.pick(facts.strings);
    const piece = random.pick(stringPieces(avoid));
    return { text: splice(text, literal.start + 1, literal.start + 1, piece), note: `${JSON.stringify(piece)} in the string at line ${lineOf(text, literal.start)}` };
  }],
  'string-keys': [3, (text, facts, random, avoid) => {
    if (facts.keys.length === 0) return undefined;
    const key = random.pick(facts.keys);
    const piece = random.pick(stringPieces(avoid));
    const quoted = random.chance(0.3) ? `["${key.name}${piece}"]` : `"${key.name}${piece}"`;
    return { text: splice(text, key.start, key.end, quoted), note: `the key ${key.name} at line ${lineOf(text, key.start)} made ${JSON.stringify(quoted)}` };
  }],
  wrap: [5, (text, facts, random) => {
    const list = pickList(facts, random);
    if (!list) return undefined;
    const i = random.int(list.length);
    const j = Math.min(list.length - 1, i + random.int(4));
    const [prefix, suffix] = random.pick(WRAPPERS);
    const name = fresh('@', random);
    const [open, close] = [prefix.replace(/@/g, name), suffix.replace(/@/g, name)];
    const [before, after] = random.pick([[' ', ' '], ['\n', '\n'], ['', '\n'], ['\n', '']]);
    const { start } = list[i];
    const { end } = list[j];
    return {
      text: text.slice(0, start) + open + before + text.slice(start, end) + after + close + text.slice(end),
      note: `wrapped lines ${lineOf(text, start)}..${lineOf(text, end)} (${j - i + 1} statements) in ${JSON.stringify(`${prefix} ... ${suffix}`)}`,
    };
  }],
  'async-generator': [3, (text, facts, random) => {
    if (facts.functions.length === 0) return undefined;
    const f = random.pick(facts.functions);
    const head = text.slice(f.start, f.start + 40);
    const line = lineOf(text, f.start);
    if (f.async && /^async\s/.test(head)) {
      const space = /^async\s+/.exec(head)![0].length;
      return { text: splice(text, f.start, f.start + space, ''), note: `removed async at line ${line}` };
    }
    if (head.startsWith('function')) {
      if (!f.generator && random.chance(0.4)) return { text: splice(text, f.start, f.start + 8, 'function*'), note: `made the function at line ${line} a generator` };
      return { text: splice(text, f.start, f.start, 'async '), note: `made the function at line ${line} async` };
    }
    if (f.type === 'ArrowFunctionExpression') return { text: splice(text, f.start, f.start, 'async '), note: `made the arrow at line ${line} async` };
    return undefined;
  }],
  'use-strict': [2, (text, facts, random) => {
    const bodies = facts.functions.filter((f) => f.bodyStart !== undefined);
    const directive = random.pick(['"use strict";', "'use strict'\n", '"use strict"']);
    if (bodies.length === 0 || random.chance(0.15)) {
      const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
      return { text: splice(text, at, at, directive), note: 'a "use strict" directive at the top' };
    }
    const f = random.pick(bodies);
    return { text: splice(text, f.bodyStart! + 1, f.bodyStart! + 1, directive), note: `a "use strict" directive in the function at line ${lineOf(text, f.start)}` };
  }],
  'insert-statement': [3, (text, facts, random) => {
    const list = pickList(facts, random);
    if (!list) return undefined;
    const s = random.pick(list);
    const at = random.chance(0.5) ? s.start : s.end;
    const statement = fresh(random.pick(STATEMENTS), random);
    const sep = random.pick([' ', '\n', '']);
    const piece = at === s.start ? statement + sep : sep + statement;
    return { text: splice(text, at, at, piece), note: `inserted ${JSON.stringify(statement)} at line ${lineOf(text, at)}` };
  }],
  'line-ends': [2, (text, facts, random) => {
    if (facts.newlines.length === 0) return undefined;
    const ends = pickSome(facts.newlines, random, 6).sort((a, b) => b - a);
    const end = random.pick(LINE_ENDS);
    let out = text;
    for (const at of ends) out = splice(out, at, at + 1, end);
    return { text: out, note: `${ends.length} line ends made ${JSON.stringify(end)} (lines ${ends.map((o) => lineOf(text, o)).reverse().join(', ')})` };
  }],
  'var-kind': [2, (text, facts, random) => {
    if (facts.declarations.length === 0) return undefined;
    const d = random.pick(facts.declarations);
    const kind = random.pick(['var', 'let', 'const', 'using'].filter((k) => k !== d.kind));
    return { text: splice(text, d.start, d.start + d.kind.length, kind), note: `${d.kind} made ${kind} at line ${lineOf(text, d.start)}` };
  }],
  'drop-semicolons': [2, (text, facts, random) => {
    if (facts.semicolons.length === 0) return undefined;
    const at = pickSome(facts.semicolons, random, 10);
    let out = text;
    for (const o of [...at].sort((a, b) => b - a)) out = splice(out, o, o + 1, '');
    return { text: out, note: `dropped ${at.length} statement-ending semicolons (lines ${at.map((o) => lineOf(text, o)).join(', ')})` };
  }],
  parenthesize: [2, (text, facts, random) => {
    if (facts.expressions.length === 0) return undefined;
    const e = random.pick(facts.expressions);
    const [open, close] = random.pick([['(', ')'], ['(\n', '\n)'], ['(/*(*/', ')'], ['((', '))']]);
    return { text: text.slice(0, e.start) + open + text.slice(e.start, e.end) + close + text.slice(e.end), note: `parenthesised the ${e.type} at line ${lineOf(text, e.start)}` };
  }],
};

export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS);

export interface Mutant {
  readonly seed: number;
  readonly setup: Setup;
  /** The file's text, and the mutant. */
  readonly source: string;
  readonly text: string;
  /** What was done, in order: `name: note`. */
  readonly mutations: readonly string[];
}

/**
 * The mutant of seed `seed`: a file drawn from the pool, 1 to 3 mutations applied in turn
 * (each on the previous one's result, parsed again), an engine drawn. `only` restricts
 * the mutations (the draw then differs from an unrestricted one); `avoid` names known bugs
 * to steer around (KNOWN_REAL_BUGS by default).
 */
export function makeMutant(seed: number, pool: Pool, only?: ReadonlySet<string>, avoid: ReadonlySet<string> = KNOWN_REAL_BUGS): Mutant {
  const random = new Random(seed);
  const { file, source } = drawFile(pool, random);
  const { lang, sourceType } = kindOf(file);
  const engineDraw = random.next();
  const setup: Setup = { file, lang, sourceType, engine: engineDraw < 0.35 ? 'sampled' : 'exact', mockSafe: engineDraw > 0.9 };
  const choices = Object.entries(MUTATIONS)
    .filter(([name]) => !only || only.has(name))
    .map(([name, [weight, mutation]]) => [weight, [name, mutation]] as const);
  if (choices.length === 0) throw new Error(`no such mutations: ${[...(only ?? [])].join(', ')}`);
  const rounds = random.weighted([[7, 1], [2, 2], [1, 3]] as const);
  let text = source;
  const mutations: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const facts = factsOf(setup, text);
    for (let attempt = 0; attempt < 10; attempt++) {
      const [name, mutation] = random.weighted(choices);
      const result = mutation(text, facts, random, avoid);
      if (result === undefined || result.text === text) continue;
      text = result.text;
      mutations.push(`${name}: ${result.note}`);
      break;
    }
  }
  return { seed, setup, source, text, mutations };
}

// ---------------------------------------------------------------------------------------
// The check

function describeError(error: unknown): string {
  if (isLineprofError(error)) return `LineprofError ${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(error);
}

const CJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** The last text v8Error compiled and its verdict (the campaign asks twice about each mutant). */
let lastV8: { code: string; error: string | undefined } | undefined;

/** V8's verdict on CommonJS code (compiled as Node wraps it, not run); undefined if it compiles. */
function v8Error(code: string, file: string): string | undefined {
  if (lastV8?.code === code) return lastV8.error;
  let error: string | undefined;
  try {
    vm.compileFunction(code, CJS_PARAMETERS, { filename: file });
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  }
  lastV8 = { code, error };
  return error;
}

/** Lines `line - 2 .. line + 2` of `code`, numbered (at most 300 characters each). */
function around(code: string, line: number): string {
  const lines = code.split('\n');
  const out: string[] = [];
  for (let i = Math.max(1, line - 2); i <= Math.min(lines.length, line + 2); i++) out.push(`${i === line ? '>' : ' '}${String(i).padStart(5)} | ${lines[i - 1].slice(0, 300)}`);
  return out.join('\n');
}

/**
 * mockSafe code ends with one more line than assertLinesKept expects, the registration
 * function (probes.registrationFunction), and its names start with `mock`: without that
 * line and with the source function's name as assertLinesKept knows it.
 */
function withoutRegistration(code: string): string {
  const lastLine = code.lastIndexOf('\n', code.length - 2) + 1;
  if (!/^function mock[$\w]+\(\)\{[^\n]*\}\n$/.test(code.slice(lastLine))) return code;
  const sourceLine = code.lastIndexOf('\n', lastLine - 2) + 1;
  return code.slice(0, sourceLine) + code.slice(sourceLine, lastLine).replace(/^function mock\$lp_/, 'function $lp_');
}

const JS_LINE_END = /\r\n|[\n\r\u2028\u2029]/;

/**
 * assertLinesKept counts lines at `\n`; V8 (stack traces, lineprof's own line table) also
 * ends them at a lone `\r`, U+2028 and U+2029, even inside a string literal. Where the
 * code has any: the first line, in V8's count, whose text is not kept at its line.
 */
function movedJsLine(source: string, code: string): string | undefined {
  if (!/[\r\u2028\u2029]/.test(code)) return undefined;
  const before = source.split(JS_LINE_END);
  const after = code.split(JS_LINE_END);
  for (let i = 0; i < before.length; i++) {
    if (!isSubsequence(before[i], after[i] ?? '')) {
      return `line ${i + 1} (counting \\r, U+2028 and U+2029 as line ends, as V8 does): ${JSON.stringify(before[i].slice(0, 200))} -> ${JSON.stringify((after[i] ?? '').slice(0, 300))}`;
    }
  }
  return undefined;
}

export interface CheckOptions {
  /** The instrumenter under test (tests pass a broken one). */
  readonly instrument?: Instrument;
  /** Also compile CommonJS mutants and their output in V8 (default true). */
  readonly v8?: boolean;
}

/** What the instrumenter does with `text`, judged against the parser. */
export function checkMutant(setup: Setup, text: string, options: CheckOptions = {}): Verdict {
  const run = options.instrument ?? instrument;
  const { file, lang, sourceType } = setup;
  const instrumentOptions: InstrumentOptions = { file, fileKey: 'k', lang, sourceType, engine: setup.engine, mockSafe: setup.mockSafe };
  const errors = parseErrors(file, text, lang, sourceType);
  let result: InstrumentResult;
  try {
    result = run(text, instrumentOptions);
  } catch (error) {
    if (errors.length === 0) return { kind: 'threw', detail: `the parser accepts it, but instrument() threw ${describeError(error)}` };
    if (isLineprofError(error) && error.code === 'SYNTAX') return { kind: 'invalid' };
    return { kind: 'wrong-error', detail: `the parser reports ${JSON.stringify(errors[0])}; instrument() threw ${describeError(error)}` };
  }
  if (errors.length > 0) return { kind: 'accepted-invalid', detail: `the parser reports ${JSON.stringify(errors[0])}, but instrument() returned code` };
  const { code } = result;
  const parsed = parseSync(file, code, { lang, sourceType, showSemanticErrors: true });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    const offset = first.labels?.[0]?.start ?? 0;
    const line = code.slice(0, offset).split('\n').length;
    return { kind: 'unparsable-output', detail: `${parsed.errors.slice(0, 3).map((e) => e.message).join('; ')}\ninstrumented code at line ${line}:\n${around(code, line)}` };
  }
  if (code !== text) {
    try {
      assertLinesKept(text, setup.mockSafe ? withoutRegistration(code) : code);
    } catch (error) {
      if (!(error instanceof AssertionError)) throw error;
      return { kind: 'lines-moved', detail: error.message.slice(0, 600) };
    }
    const moved = movedJsLine(text, code);
    if (moved !== undefined) return { kind: 'lines-moved', detail: moved };
  }
  if ((options.v8 ?? true) && lang === 'js' && sourceType === 'commonjs' && code !== text && v8Error(text, file) === undefined) {
    const rejected = v8Error(code, file);
    if (rejected !== undefined) return { kind: 'v8-rejects-output', detail: `V8 compiles the mutant, not the instrumented code: ${rejected}` };
  }
  let again: InstrumentResult;
  try {
    again = run(code, instrumentOptions);
  } catch (error) {
    return { kind: 'not-idempotent', detail: `a second pass threw ${describeError(error)}` };
  }
  if (again.code !== code) return { kind: 'not-idempotent', detail: 'a second pass changed the instrumented code' };
  return { kind: 'valid' };
}

/** Whether oxc-parser and V8 disagree on a CommonJS mutant (not a failure: lineprof follows the parser). */
function disagreement(setup: Setup, text: string, valid: boolean): string | undefined {
  if (setup.lang !== 'js' || setup.sourceType !== 'commonjs') return undefined;
  const v8 = v8Error(text, setup.file);
  if (valid && v8 !== undefined) return `oxc-parser accepts it, V8 does not: ${v8}`;
  if (!valid && v8 === undefined) return `V8 compiles it, oxc-parser reports ${JSON.stringify(parseErrors(setup.file, text, setup.lang, setup.sourceType)[0])}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Minimising

/** Lists whose items can go one by one: statements, class members, object properties (with their commas). */
interface ItemList {
  readonly depth: number;
  readonly items: readonly Span[];
  readonly commas: boolean;
}

const ITEM_LISTS: Record<string, readonly [key: string, commas: boolean]> = {
  Program: ['body', false],
  BlockStatement: ['body', false],
  StaticBlock: ['body', false],
  SwitchCase: ['consequent', false],
  ClassBody: ['body', false],
  ObjectExpression: ['properties', true],
  SwitchStatement: ['cases', false],
};

function itemLists(setup: Setup, text: string): ItemList[] {
  const parsed = parseSync(setup.file, text, { lang: setup.lang, sourceType: setup.sourceType });
  const lists: ItemList[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, depth);
      return;
    }
    if (!isNode(node)) return;
    const list = ITEM_LISTS[node.type];
    let inner = depth;
    if (list && Array.isArray(node[list[0]])) {
      const items = (node[list[0]] as unknown[]).filter(isNode).map((n) => ({ type: n.type, start: n.start, end: n.end }));
      if (items.length > 0) lists.push({ depth, items, commas: list[1] });
      inner = depth + 1;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'parent') visit(value, inner);
  };
  visit(parsed.program, 0);
  return lists;
}

/** `text` without the items of `list` whose indexes are in `removed` (and, in an object, their commas). */
function withoutItems(text: string, list: ItemList, removed: ReadonlySet<number>): string {
  const cuts: [number, number][] = [];
  const { items } = list;
  for (const i of [...removed].sort((a, b) => a - b)) {
    if (!list.commas) cuts.push([items[i].start, items[i].end]);
    else if (i + 1 < items.length) cuts.push([items[i].start, items[i + 1].start]);
    else cuts.push([i > 0 && !removed.has(i - 1) ? items[i - 1].end : items[i].start, items[i].end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of cuts) {
    if (start < at) continue;
    out += text.slice(at, start);
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Deletes syntax items, outermost lists first: in each list, chunks of items from half the
 * list down to single ones, while `fails` holds (a hierarchical delta debugging: deletions
 * that keep the text parsing, which line deletion rarely does in big nested code).
 */
export function minimiseItems(setup: Setup, text: string, fails: (text: string) => boolean, deadline: number): string {
  for (let depth = 0; Date.now() < deadline; depth++) {
    // Lists of one depth do not nest: the last first, so that a deletion leaves the earlier ones' offsets.
    const lists = itemLists(setup, text).filter((l) => l.depth === depth).sort((a, b) => b.items[0].start - a.items[0].start);
    if (lists.length === 0) break;
    for (const list of lists) {
      const removed = new Set<number>();
      for (let chunk = Math.max(1, list.items.length >> 1); Date.now() < deadline; chunk >>= 1) {
        for (let i = list.items.length - 1; i >= 0 && Date.now() < deadline; i -= chunk) {
          const attempt = new Set(removed);
          for (let k = Math.max(0, i - chunk + 1); k <= i; k++) attempt.add(k);
          if (attempt.size === removed.size) continue;
          if (fails(withoutItems(text, list, attempt))) for (const k of attempt) removed.add(k);
        }
        if (chunk <= 1) break;
      }
      text = withoutItems(text, list, removed);
    }
  }
  return text;
}

/** minimiseItems, then minimiseLines: the smallest text found that still fails. */
export function minimise(setup: Setup, text: string, fails: (text: string) => boolean, budgetMs = 20_000): string {
  const deadline = Date.now() + budgetMs;
  const items = minimiseItems(setup, text, fails, deadline - budgetMs / 4);
  return minimiseLines(items, fails, Math.max(0, deadline - Date.now()));
}

/**
 * Deletes lines, in chunks from half the text down to single lines, while `fails` holds;
 * stops when no deletion is possible or time is up.
 */
export function minimiseLines(text: string, fails: (text: string) => boolean, budgetMs = 15_000): string {
  const deadline = Date.now() + budgetMs;
  let lines = text.split('\n');
  let chunk = Math.max(1, lines.length >> 1);
  for (;;) {
    let changed = false;
    for (let i = lines.length - chunk; i > -chunk && Date.now() < deadline; i -= chunk) {
      const from = Math.max(0, i);
      const attempt = [...lines.slice(0, from), ...lines.slice(i + chunk)];
      if (attempt.length === lines.length || attempt.length === 0) continue;
      if (fails(attempt.join('\n'))) {
        lines = attempt;
        changed = true;
      }
    }
    if (Date.now() >= deadline) break;
    if (chunk > 1) chunk = Math.max(1, chunk >> 1);
    else if (!changed) break;
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------
// The campaign

export interface RealFailure {
  readonly seed: number;
  readonly file: string;
  readonly setup: Setup;
  readonly mutations: readonly string[];
  readonly kind: FailureKind;
  /** What went wrong, for the minimal mutant when it was minimised. */
  readonly detail: string;
  /** The smallest text found that fails the same way (the whole mutant if not minimised). */
  readonly snippet: string;
  readonly minimised: boolean;
  readonly mutantLines: number;
  /** The options given to the campaign that the replay command needs. */
  readonly only: readonly string[] | undefined;
  readonly avoid: readonly string[];
}

export interface RealCampaignOptions {
  readonly firstSeed: number;
  readonly count: number;
  readonly budgetMs: number;
  readonly pool?: Pool;
  /** Only these mutations (default: all). */
  readonly only?: ReadonlySet<string>;
  /** Known bugs to steer around (default KNOWN_REAL_BUGS). */
  readonly avoid?: ReadonlySet<string>;
  readonly check?: CheckOptions;
  /** Failures beyond this many are counted but not minimised. */
  readonly minimiseAtMost?: number;
  readonly minimiseMs?: number;
  readonly onFailure?: (failure: RealFailure) => void;
}

export interface RealCampaignResult {
  readonly mutants: number;
  readonly lastSeed: number;
  /** Mutants the parser accepts (then fully checked) and rejects. */
  readonly valid: number;
  readonly invalid: number;
  /** Distinct files and packages mutated. */
  readonly files: number;
  readonly packages: number;
  readonly bytes: number;
  readonly poolFiles: number;
  /** Per mutation: how often applied, and in how many valid mutants. */
  readonly mutations: ReadonlyMap<string, { tried: number; valid: number }>;
  readonly failures: readonly RealFailure[];
  /** oxc-parser and V8 disagreeing on a CommonJS mutant: how often, and the first of each kind (at most 8). */
  readonly disagreements: number;
  readonly disagreementExamples: readonly string[];
  readonly elapsedMs: number;
}

export function runRealCampaign(options: RealCampaignOptions): RealCampaignResult {
  const started = Date.now();
  const pool = options.pool ?? loadPool();
  const failures: RealFailure[] = [];
  const files = new Set<string>();
  const packages = new Set<string>();
  const mutations = new Map<string, { tried: number; valid: number }>();
  const disagreementExamples: string[] = [];
  /** The kinds of disagreement seen (the message without its names): one example of each. */
  const disagreementKinds = new Set<string>();
  let disagreements = 0;
  let valid = 0;
  let invalid = 0;
  let bytes = 0;
  let mutants = 0;
  let seed = options.firstSeed;
  for (; mutants < options.count && Date.now() - started < options.budgetMs; seed++, mutants++) {
    const mutant = makeMutant(seed, pool, options.only, options.avoid);
    const relative = path.relative(pool.nodeModules, mutant.setup.file);
    files.add(relative);
    packages.add(packageOf(relative));
    bytes += mutant.text.length;
    const verdict = checkMutant(mutant.setup, mutant.text, options.check);
    const names = new Set(mutant.mutations.map((m) => m.slice(0, m.indexOf(':'))));
    for (const name of names) {
      const stats = mutations.get(name) ?? { tried: 0, valid: 0 };
      stats.tried++;
      if (verdict.kind === 'valid') stats.valid++;
      mutations.set(name, stats);
    }
    if (verdict.kind === 'valid' || verdict.kind === 'invalid') {
      if (verdict.kind === 'valid') valid++;
      else invalid++;
      if (options.check?.v8 ?? true) {
        const note = disagreement(mutant.setup, mutant.text, verdict.kind === 'valid');
        if (note !== undefined) {
          disagreements++;
          const kind = note.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '_');
          if (disagreementExamples.length < 8 && !disagreementKinds.has(kind) && disagreementKinds.add(kind)) disagreementExamples.push(`seed ${seed} (${relative}; ${mutant.mutations.join('; ')}): ${note}`);
        }
      }
      continue;
    }
    const shrink = failures.length < (options.minimiseAtMost ?? 3);
    let snippet = mutant.text;
    let detail = verdict.detail;
    if (shrink) {
      const kind = verdict.kind;
      snippet = minimise(mutant.setup, mutant.text, (attempt) => checkMutant(mutant.setup, attempt, options.check).kind === kind, options.minimiseMs);
      const last = checkMutant(mutant.setup, snippet, options.check);
      if ('detail' in last) detail = last.detail;
    }
    const failure: RealFailure = {
      seed,
      file: relative,
      setup: mutant.setup,
      mutations: mutant.mutations,
      kind: verdict.kind,
      detail,
      snippet,
      minimised: shrink,
      mutantLines: mutant.text.split('\n').length,
      only: options.only ? [...options.only] : undefined,
      avoid: [...(options.avoid ?? KNOWN_REAL_BUGS)],
    };
    failures.push(failure);
    options.onFailure?.(failure);
  }
  return {
    mutants,
    lastSeed: seed - 1,
    valid,
    invalid,
    files: files.size,
    packages: packages.size,
    bytes,
    poolFiles: pool.fileCount,
    mutations,
    failures,
    disagreements,
    disagreementExamples,
    elapsedMs: Date.now() - started,
  };
}

const INVISIBLE = /[\r\v\f\u00a0\u2028\u2029\ufeff\u2000-\u200a\u3000]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** A line with its invisible or line-ending characters as `\uXXXX`. */
const visible = (line: string): string => line.replace(INVISIBLE_ALL, escapeChar);

export function formatRealFailure(failure: RealFailure): string {
  const { setup } = failure;
  const lines = failure.snippet.split('\n');
  const shown = lines.length > 80 ? [...lines.slice(0, 80), `... (${lines.length - 80} more lines)`] : lines;
  return [
    `seed ${failure.seed}: ${failure.kind} in node_modules/${failure.file} (${setup.lang}, ${setup.sourceType}, ${setup.engine} engine${setup.mockSafe ? ', mockSafe' : ''})`,
    `mutations: ${visible(failure.mutations.join('; ')) || 'none'}`,
    `replay: node scripts/fuzz.mjs --real --seed ${failure.seed} --count 1 --avoid ${failure.avoid.join(',') || 'none'}${failure.only ? ` --mutations ${failure.only.join(',')}` : ''}`,
    `${failure.minimised ? `minimal mutant (${lines.length} of ${failure.mutantLines} lines)` : `mutant (not minimised, ${failure.mutantLines} lines)`}:`,
    ...shown.map((line) => `  | ${visible(line.length > 400 ? `${line.slice(0, 400)}...` : line)}`),
    ...(failure.snippet.length <= 2000 && INVISIBLE.test(failure.snippet) ? [`as a string (the lines above show \\r, U+2028 and the like escaped): ${JSON.stringify(failure.snippet).replace(INVISIBLE_ALL, escapeChar)}`] : []),
    'detail:',
    visible(failure.detail.trimEnd()),
  ].join('\n');
}
