// The result file: exact layout, round trips, each error line in full, atomic writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResult, readResultFile, readResultMeta, serializeResult, writeResultFile } from '../../src/stats/result-file.js';
import type { ProfileResult } from '../../src/stats/model.js';

const small: ProfileResult = {
  meta: { command: ['app.js', '--fast'], nodeVersion: 'v20.19.0' },
  stats: {
    unit: 1e-9,
    engine: 'exact',
    functions: [
      {
        file: '/app/app.js',
        name: 'main',
        line: 1,
        source: ['function main() {', '  work();', '}'],
        lines: [{ line: 2, hits: 3, time: 1500, wait: 0 }],
      },
    ],
  },
  runs: [{ label: 'warm', stats: { unit: 1e-9, engine: 'exact', functions: [] } }],
};

/** `small` as version 1 wrote it: every function with its own source lines (still read). */
const SMALL_TEXT = [
  '{"format":"lineprof","version":1,"meta":{"command":["app.js","--fast"],"nodeVersion":"v20.19.0"},"unit":1e-9,"engine":"exact",',
  '"functions":[',
  '{"file":"/app/app.js","name":"main","line":1,"source":["function main() {","  work();","}"],"lines":[[2,3,1500,0]]}',
  '],',
  '"runs":[',
  '{"label":"warm",',
  '"functions":[]}',
  ']}',
  '',
].join('\n');

/** `small` as this version writes it: sources once per file, functions give a line count. */
const SMALL_TEXT_V2 = [
  '{"format":"lineprof","version":2,"meta":{"command":["app.js","--fast"],"nodeVersion":"v20.19.0"},"unit":1e-9,"engine":"exact",',
  '"functions":[',
  '{"file":"/app/app.js","name":"main","line":1,"lineCount":3,"lines":[[2,3,1500,0]]}',
  '],',
  '"runs":[',
  '{"label":"warm",',
  '"functions":[]}',
  '],',
  '"sources":{',
  '"/app/app.js":[[1,["function main() {","  work();","}"]]]',
  '}}',
  '',
].join('\n');

const full: ProfileResult = {
  meta: {
    command: ['src/main.ts', 'ünïcode ✓'],
    cwd: '/work',
    nodeVersion: 'v20.19.0',
    startTime: '2025-01-02T03:04:05.000Z',
    compensated: true,
    clock: 'performance.now',
    samples: 120,
    intervalUs: 250,
  },
  stats: {
    unit: 1e-9,
    engine: 'exact',
    functions: [
      {
        file: '/work/src/main.ts',
        name: 'Parser.parse',
        line: 12,
        source: ['parse(text: string) {', '  const é = "\\u00e9";', '  await tick();', '}'],
        lines: [
          { line: 13, hits: 4, time: 1234.5, wait: 0 },
          { line: 14, hits: 4, time: 99, wait: 5e9 },
        ],
      },
      { file: 'node:internal', name: '<anonymous>', line: 1, source: [], lines: [] },
    ],
  },
  runs: [
    { label: 'first', stats: { unit: 1e-9, engine: 'exact', functions: [] } },
    // A run taken with other settings keeps its own unit and engine.
    {
      label: 'sampled run',
      stats: {
        unit: 1e-6,
        engine: 'sampled',
        functions: [{ file: 'a.js', name: 'f', line: 1, source: ['f()'], lines: [{ line: 1, hits: 7, time: 3, wait: 0 }] }],
      },
    },
  ],
};

test('serializeResult writes the documented layout, one function per line', () => {
  assert.equal(serializeResult(small), SMALL_TEXT_V2);
});

test('parseResult reads back what serializeResult wrote, and version 1 files', () => {
  assert.deepEqual(parseResult(SMALL_TEXT_V2, 'r.json'), small);
  assert.deepEqual(parseResult(SMALL_TEXT, 'r.json'), small);
  assert.deepEqual(parseResult(serializeResult(full), 'r.json'), full);
  const empty: ProfileResult = { meta: {}, stats: { unit: 1e-9, engine: 'sampled', functions: [] }, runs: [] };
  assert.equal(
    serializeResult(empty),
    '{"format":"lineprof","version":2,"meta":{},"unit":1e-9,"engine":"sampled",\n"functions":[],\n"runs":[],\n"sources":{}}\n',
  );
  assert.deepEqual(parseResult(serializeResult(empty), 'r.json'), empty);
});

test("a line's slowest hit is a fifth number in its row, only where it was measured", () => {
  const fn = small.stats.functions[0];
  const withMax: ProfileResult = {
    ...small,
    stats: { ...small.stats, functions: [{ ...fn, lines: [{ line: 2, hits: 3, time: 1500, wait: 0, max: 900 }, { line: 3, hits: 0, time: 0, wait: 0 }] }] },
  };
  const text = serializeResult(withMax);
  assert.match(text, /"lines":\[\[2,3,1500,0,900\],\[3,0,0,0\]\]/);
  assert.deepEqual(parseResult(text, 'r.json'), withMax);
});

test('source lines are stored once per file; lines that disagree stay with their function', () => {
  const fn = (name: string, line: number, source: string[]): ProfileResult['stats']['functions'][number] => ({
    file: '/app/a.js',
    name,
    line,
    source,
    lines: [],
  });
  const outer = fn('outer', 1, ['function outer() {', '  function inner() {', '    return 1;', '  }', '}']);
  const inner = fn('inner', 2, ['  function inner() {', '    return 1;', '  }']);
  const later = fn('later', 8, ['function later() {}']);
  // The same function from another version of the file (results merged from two runs).
  const edited = fn('inner', 2, ['  function inner() {', '    return 2;', '  }']);
  const result: ProfileResult = {
    meta: {},
    stats: { unit: 1e-9, engine: 'exact', functions: [outer, inner, later] },
    runs: [{ label: 'old', stats: { unit: 1e-9, engine: 'exact', functions: [edited] } }],
  };
  const text = serializeResult(result);
  assert.ok(
    text.includes(
      '"sources":{\n"/app/a.js":[[1,["function outer() {","  function inner() {","    return 1;","  }","}"]],[8,["function later() {}"]]]\n}',
    ),
  );
  assert.ok(text.includes('{"file":"/app/a.js","name":"inner","line":2,"lineCount":3,"lines":[]}'));
  assert.ok(text.includes('{"file":"/app/a.js","name":"inner","line":2,"source":["  function inner() {","    return 2;","  }"],"lines":[]}'));
  assert.deepEqual(parseResult(text, 'r.json'), result);
});

test('parseResult ignores metadata keys it does not know', () => {
  const text = SMALL_TEXT.replace('"meta":{', '"meta":{"addedLater":1,');
  assert.deepEqual(parseResult(text, 'r.json'), small);
});

const fails = (text: string, code: string, message: string): void => {
  assert.throws(() => parseResult(text, 'out/r.json'), { name: 'LineprofError', code, message });
};

/** Each case changes `text` (from -> to) into a corrupt file whose error names `what`. */
function failsAfterEach(text: string, cases: Array<[from: string, to: string, what: string]>): void {
  for (const [from, to, what] of cases) {
    assert.ok(text.includes(from), `the case for "${what}" must change the file`);
    fails(text.replace(from, to), 'BAD_RESULT_FILE', `out/r.json: corrupt lineprof result file (${what})`);
  }
}

test('not a result file: invalid JSON, empty, cut short, no format, another format', () => {
  fails('{"format":', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file (invalid JSON)');
  fails('{"format":"lineprofx"}x', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file (invalid JSON)');
  fails(' \n', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file (empty)');
  fails(SMALL_TEXT.slice(0, 80), 'BAD_RESULT_FILE', 'out/r.json: truncated lineprof result file (it ends in the middle)');
  fails('{"version":1}', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file');
  fails('[1,2]', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file');
  fails('{"format":"speedscope"}', 'BAD_RESULT_FILE', 'out/r.json: not a lineprof result file');
});

test('a newer format version asks for an upgrade', () => {
  fails(
    SMALL_TEXT.replace('"version":1', '"version":3'),
    'NEWER_FORMAT',
    'out/r.json: result format version 3 is newer than this lineprof supports (2); upgrade lineprof',
  );
});

test('broken source tables (version 2) name what is wrong', () => {
  const cases: Array<[from: string, to: string, what: string]> = [
    ['"sources":{', '"sources":[],"x":{', 'sources is not an object'],
    ['"/app/app.js":[[1,["function main() {","  work();","}"]]]', '"/app/app.js":7', 'sources["/app/app.js"] is not a list'],
    ['[[1,["function main() {"', '[[0,["function main() {"', 'sources["/app/app.js"][0] is not [firstLine, [text, ...]]'],
    ['"  work();","}"]]]', '"  work();","}"]],[2,["x"]]]', 'sources["/app/app.js"][1] is out of line order'],
    ['"lineCount":3', '"lineCount":-1', 'functions[0].lineCount is not a count of lines'],
    ['"lineCount":3', '"lineCount":4', 'functions[0]: lines 1-4 are not in sources'],
    ['"file":"/app/app.js"', '"file":"/app/other.js"', 'functions[0]: lines 1-3 are not in sources'],
  ];
  failsAfterEach(SMALL_TEXT_V2, cases);
});

test('structurally broken files name what is wrong', () => {
  const cases: Array<[from: string, to: string, what: string]> = [
    ['"version":1', '"version":"1"', 'version is not a positive integer'],
    ['"version":1', '"version":0', 'version is not a positive integer'],
    ['"unit":1e-9', '"unit":-1', 'unit is not a positive number'],
    ['"engine":"exact"', '"engine":"fast"', 'engine is not one of exact, sampled'],
    ['"command":["app.js","--fast"]', '"command":"app.js"', 'meta.command is not a list of strings'],
    ['"meta":{', '"meta":{"compensated":"yes",', 'meta.compensated is not a boolean'],
    ['"nodeVersion":"v20.19.0"', '"nodeVersion":20', 'meta.nodeVersion is not a string'],
    ['"functions":[\n{', '"functions":[\n7,{', 'functions[0] is not an object'],
    ['"file":"/app/app.js"', '"file":null', 'functions[0].file is not a string'],
    ['"name":"main"', '"name":1', 'functions[0].name is not a string'],
    ['"line":1', '"line":0', 'functions[0].line is not a positive integer'],
    ['"source":["function main() {"', '"source":[1', 'functions[0].source is not a list of strings'],
    ['"lines":[[2,3,1500,0]]', '"lines":{}', 'functions[0].lines is not a list'],
    ['[[2,3,1500,0]]', '[[2,3,1500,0],[3,1,2]]', 'functions[0].lines[1] is not [line, hits, time, wait] or [line, hits, time, wait, max]'],
    ['[[2,3,1500,0]]', '[[2,3,"1500",0]]', 'functions[0].lines[0] is not [line, hits, time, wait] or [line, hits, time, wait, max]'],
    ['[[2,3,1500,0]]', '[[2,3,1500,0,700,1]]', 'functions[0].lines[0] is not [line, hits, time, wait] or [line, hits, time, wait, max]'],
    ['[[2,3,1500,0]]', '[[2.5,3,1500,0]]', 'functions[0].lines[0] has line 2.5, not a positive integer'],
    ['[[2,3,1500,0]]', '[[2,0.5,1500,0]]', 'functions[0].lines[0] has hits 0.5, not an integer'],
    ['[[2,3,1500,0]]', '[[2,3,1500,0],[2,1,1,0]]', 'functions[0].lines[1] is out of line order'],
    ['"runs":[\n{"label":"warm",', '"runs":[\n{"label":5,', 'runs[0].label is not a string'],
    ['"runs":[\n{"label":"warm",', '"runs":[\n{"label":"warm","unit":0,', 'runs[0].unit is not a positive number'],
    ['"runs":[\n{"label":"warm",\n"functions":[]}', '"runs":[\n{"label":"warm"}', 'runs[0].functions is not a list'],
    ['"runs":[\n{"label":"warm",\n"functions":[]}\n]', '"runs":null', 'runs is not a list'],
  ];
  failsAfterEach(SMALL_TEXT, cases);
});

const scratch = (): string => mkdtempSync(join(tmpdir(), 'lineprof-result-'));

test('readResultFile: a missing file is NOT_FOUND, a directory cannot be read', () => {
  const dir = scratch();
  const missing = join(dir, 'nope.json');
  assert.throws(() => readResultFile(missing), { name: 'LineprofError', code: 'NOT_FOUND', message: `${missing}: no such file` });
  assert.throws(() => readResultFile(dir), { name: 'LineprofError', code: 'IO', message: `${dir}: cannot read (EISDIR)` });
});

test('readResultFile puts the path in parse errors', () => {
  const path = join(scratch(), 'bad.json');
  writeFileSync(path, 'lineprof?');
  assert.throws(() => readResultFile(path), {
    name: 'LineprofError',
    code: 'BAD_RESULT_FILE',
    message: `${path}: not a lineprof result file (invalid JSON)`,
  });
});

test('writeResultFile replaces the file whole and leaves no temporary file', () => {
  const dir = scratch();
  const path = join(dir, 'lineprof.json');
  writeFileSync(path, 'old contents');
  writeResultFile(path, full);
  assert.deepEqual(readdirSync(dir), ['lineprof.json']);
  assert.equal(readFileSync(path, 'utf8'), serializeResult(full));
  assert.deepEqual(readResultFile(path), full);
});

test('a failed write throws IO and leaves no temporary file', () => {
  const dir = scratch();
  // Renaming a file over a non-empty directory fails after the temporary file was written.
  const taken = join(dir, 'taken');
  mkdirSync(join(taken, 'inside'), { recursive: true });
  assert.throws(() => writeResultFile(taken, small), { name: 'LineprofError', code: 'IO', message: `${taken}: cannot write (EISDIR)` });
  assert.deepEqual(readdirSync(dir), ['taken']);
  const nowhere = join(dir, 'missing-dir', 'r.json');
  assert.throws(() => writeResultFile(nowhere, small), { name: 'LineprofError', code: 'IO', message: `${nowhere}: cannot write (ENOENT)` });
  assert.deepEqual(readdirSync(dir), ['taken']);
});

test('readResultMeta reads the first line only, and falls back to the whole file', () => {
  const dir = scratch();
  const written = join(dir, 'full.lprof');
  writeResultFile(written, full);
  assert.deepEqual(readResultMeta(written), full.meta);
  // Only the head is parsed: a file cut after its first line still gives its metadata.
  const cut = join(dir, 'cut.lprof');
  writeFileSync(cut, serializeResult(full).split('\n').slice(0, 3).join('\n'));
  assert.deepEqual(readResultMeta(cut), full.meta);
  // Another layout (re-indented by a tool): the whole file is read.
  const pretty = join(dir, 'pretty.lprof');
  writeFileSync(pretty, JSON.stringify(JSON.parse(serializeResult(full)), null, 2));
  assert.deepEqual(readResultMeta(pretty), full.meta);
  // A broken file fails as readResultFile does.
  const empty = join(dir, 'empty.lprof');
  writeFileSync(empty, '');
  assert.throws(() => readResultMeta(empty), { code: 'BAD_RESULT_FILE', message: `${empty}: not a lineprof result file (empty)` });
});
