// `lineprof show --format json|lcov|pprof|speedscope|cpuprofile` on the seed example, each
// export read back by its consumer's reader: pprof-format's decoder for pprof, an lcov
// parser, speedscope's own file-format schema, the DevTools protocol's definition of
// Profiler.Profile. The seed's 7,500 hits and the time of `data[i] += 1` (line 7) must
// land on that line, as in the result file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { lcovParser } from '@friedemannsommer/lcov-parser';
import { Profile } from 'pprof-format';
import { showFiles } from '../../src/cli/show.js';
import { renderCpuprofile } from '../../src/report/cpuprofile.js';
import { renderLcov } from '../../src/report/lcov.js';
import { renderPprof } from '../../src/report/pprof.js';
import type { FunctionStats, ProfileStats } from '../../src/stats/model.js';
import { readResultFile } from '../../src/stats/result-file.js';
import { lineprof, ROOT, tempDir } from '../integration/helpers.js';

const require = createRequire(import.meta.url);
const SEED = path.join(ROOT, 'examples/increment.ts');
const dir = tempDir();
const resultFile = path.join(dir, 'seed.lprof');
const seeded = lineprof(['run', '-q', '-o', resultFile, SEED], ROOT);
const seed = readResultFile(resultFile);
const incrementList = seed.stats.functions.find((fn) => fn.name === 'incrementList')!;
const timeOf = (line: number): number => incrementList.lines.find((l) => l.line === line)!.time;

/** `lineprof show --format FORMAT seed.lprof -o FILE`, and the file's bytes. */
function exported(format: string, ...options: string[]): Buffer {
  assert.equal(seeded.status, 0, seeded.stderr);
  const output = path.join(dir, `seed.${format}`);
  const run = lineprof(['show', '--format', format, resultFile, '-o', output, ...options], ROOT);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
  return fs.readFileSync(output);
}

test('json: the stats in getStats() shape, with the format, its version and the source file', () => {
  const json = JSON.parse(exported('json').toString('utf8'));
  assert.deepEqual(json, {
    format: 'lineprof-stats',
    version: 1,
    sources: [{ file: resultFile, meta: seed.meta }],
    run: null,
    unit: 1e-9,
    engine: 'exact',
    functions: seed.stats.functions,
  });
  // And to stdout, the same bytes.
  const printed = lineprof(['show', '--format', 'json', resultFile], ROOT);
  assert.equal(printed.stdout, exported('json').toString('utf8'));
});

test('lcov: each line of incrementList with its hits, read back by an lcov parser', async () => {
  const [section, ...more] = await lcovParser({ from: exported('lcov') });
  assert.equal(more.length, 0);
  assert.equal(section.path, SEED);
  assert.deepEqual(section.lines.details.map((l) => [l.line, l.hit]), [[5, 1502], [6, 9000], [7, 7500], [10, 2]]);
  assert.deepEqual([section.lines.instrumented, section.lines.hit], [4, 4]);
});

test('lcov: a line of two functions (an arrow on its caller\'s line) counts the larger, a probe that never ran counts 0', () => {
  const fn = (name: string, line: number, lines: [number, number][]): FunctionStats => ({
    file: '/app/a.ts',
    name,
    line,
    source: [],
    lines: lines.map(([l, hits]) => ({ line: l, hits, time: hits, wait: 0 })),
  });
  const stats: ProfileStats = { unit: 1e-9, engine: 'exact', functions: [fn('outer', 1, [[2, 1], [3, 0]]), fn('<anonymous>', 2, [[2, 5]])] };
  assert.equal(renderLcov(stats, 'warm'), 'TN:warm\nSF:/app/a.ts\nDA:2,5\nDA:3,0\nLF:2\nLH:1\nend_of_record\n');
});

test('pprof: decoded by pprof-format, one sample per line with its hits, time and wait; time is the default', () => {
  const profile = Profile.decode(gunzipSync(exported('pprof')));
  const text = (index: number | bigint): string => profile.stringTable.strings[Number(index)];
  assert.deepEqual(profile.sampleType.map((t) => [text(t.type), text(t.unit)]), [['hits', 'count'], ['time', 'nanoseconds'], ['wait', 'nanoseconds']]);
  assert.equal(text(profile.defaultSampleType), 'time');
  const [fn] = profile.function;
  assert.deepEqual([profile.function.length, text(fn.name), text(fn.filename), Number(fn.startLine)], [1, 'incrementList', SEED, 4]);
  const rows = profile.sample.map((sample) => {
    assert.equal(sample.locationId.length, 1);
    const location = profile.location.find((l) => l.id === sample.locationId[0])!;
    assert.equal(location.line.length, 1);
    assert.equal(location.line[0].functionId, fn.id);
    return [Number(location.line[0].line), ...sample.value.map(Number)];
  });
  assert.deepEqual(rows, [5, 6, 7, 10].map((line) => [line, incrementList.lines.find((l) => l.line === line)!.hits, timeOf(line), 0]));
  assert.equal(Number(profile.timeNanos), Date.parse(seed.meta.startTime!) * 1e6);
});

test('pprof: times in another unit become nanoseconds; wait is carried', () => {
  const stats: ProfileStats = {
    unit: 1e-6,
    engine: 'sampled',
    functions: [{ file: '/app/a.ts', name: 'load', line: 1, source: [], lines: [{ line: 2, hits: 3, time: 1.5, wait: 40 }] }],
  };
  const profile = Profile.decode(gunzipSync(renderPprof(stats)));
  assert.deepEqual(profile.sample.map((s) => s.value.map(Number)), [[3, 1500, 40_000]]);
});

test('speedscope: valid by speedscope\'s own file-format schema; the lines\' time and hits as weights under their function', () => {
  const file = JSON.parse(exported('speedscope').toString('utf8'));
  const schema = JSON.parse(fs.readFileSync(require.resolve('speedscope/dist/release/file-format-schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile({ ...schema, $ref: '#/definitions/FileFormat.File' });
  const valid: boolean = validate(file);
  assert.ok(valid, ajv.errorsText(validate.errors));
  const frames = file.shared.frames as { name: string; file: string; line: number }[];
  assert.deepEqual(frames.map((f) => [f.name, f.line]), [
    ['incrementList', 4],
    ['incrementList:5  for (let k = 0; k < n; k++) {', 5],
    ['incrementList:6  for (let i = 0; i < data.length; i++) {', 6],
    ['incrementList:7  data[i] += 1;', 7],
    ['incrementList:10  return data;', 10],
  ]);
  const [time, hits] = file.profiles;
  assert.deepEqual([time.name, time.unit, hits.name, hits.unit], ['time', 'nanoseconds', 'hits', 'none']);
  assert.deepEqual(hits.samples, [[0, 1], [0, 2], [0, 3], [0, 4]]);
  assert.deepEqual(hits.weights, [1502, 9000, 7500, 2]);
  assert.deepEqual(time.weights, [5, 6, 7, 10].map(timeOf));
  assert.equal(time.endValue, [5, 6, 7, 10].map(timeOf).reduce((a, b) => a + b));
});

/** A JSON schema of one type of the DevTools protocol (js_protocol.json), its references resolved. */
function protocolSchema(domain: string, id: string): object {
  const protocol = JSON.parse(fs.readFileSync(require.resolve('devtools-protocol/json/js_protocol.json'), 'utf8'));
  interface Property { name: string; type?: string; $ref?: string; items?: { type?: string; $ref?: string }; optional?: boolean }
  interface Type { id: string; type: string; properties?: Property[] }
  const find = (ref: string, from: string): [string, Type] => {
    const [d, name] = ref.includes('.') ? ref.split('.') : [from, ref];
    return [d, protocol.domains.find((x: { domain: string }) => x.domain === d).types.find((t: Type) => t.id === name)];
  };
  const convert = (spec: { type?: string; $ref?: string; items?: object }, from: string): object => {
    if (spec.$ref) {
      const [d, type] = find(spec.$ref, from);
      return convertType(type, d);
    }
    if (spec.type === 'array') return { type: 'array', items: convert(spec.items as object, from) };
    return { type: spec.type };
  };
  const convertType = (type: Type, from: string): object => {
    if (type.type !== 'object') return { type: type.type };
    const properties = Object.fromEntries((type.properties ?? []).map((p) => [p.name, convert(p, from)]));
    const required = (type.properties ?? []).filter((p) => !p.optional).map((p) => p.name);
    return { type: 'object', properties, required, additionalProperties: false };
  };
  return convertType(find(id, domain)[1], domain);
}

test('cpuprofile: a Profiler.Profile as the DevTools protocol defines it; each line\'s time as its ticks', () => {
  const profile = JSON.parse(exported('cpuprofile').toString('utf8'));
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile(protocolSchema('Profiler', 'Profile'));
  const valid: boolean = validate(profile);
  assert.ok(valid, ajv.errorsText(validate.errors));
  const [root, node, ...rest] = profile.nodes;
  assert.deepEqual([root.id, root.callFrame.functionName, root.children, rest.length], [1, '(root)', [2], 0]);
  assert.deepEqual(node.callFrame, { functionName: 'incrementList', scriptId: '1', url: `file://${SEED}`, lineNumber: 3, columnNumber: 0 });
  // Ticks of 1 us: a line's ticks are its time, rounded.
  const ticks = Object.fromEntries(node.positionTicks.map((p: { line: number; ticks: number }) => [p.line, p.ticks]));
  for (const [line, count] of Object.entries(ticks)) assert.equal(count, Math.round(timeOf(Number(line)) / 1000));
  assert.ok(ticks[7] > 0);
  assert.equal(node.hitCount, Object.values(ticks).reduce((a: number, b) => a + (b as number), 0));
  assert.deepEqual([profile.samples.length, new Set(profile.samples).size, profile.timeDeltas.length], [node.hitCount, 1, node.hitCount]);
  assert.equal(profile.endTime - profile.startTime, profile.timeDeltas.reduce((a: number, b: number) => a + b, 0));
});

test('cpuprofile: a long profile keeps under 200,000 samples with longer ticks, in proportion', () => {
  const stats: ProfileStats = {
    unit: 1e-9,
    engine: 'exact',
    functions: [{ file: '/app/a.js', name: 'slow', line: 1, source: [], lines: [{ line: 2, hits: 1, time: 30e9, wait: 0 }, { line: 3, hits: 1, time: 10e9, wait: 0 }] }],
  };
  const profile = JSON.parse(renderCpuprofile(stats));
  assert.deepEqual(profile.nodes[1].positionTicks, [{ line: 2, ticks: 150_000 }, { line: 3, ticks: 50_000 }]);
  assert.equal(profile.timeDeltas[0], 200);
  assert.equal(profile.endTime, 40e6);
});

test('pprof is binary: to a terminal only with -o, in one line', () => {
  const invocation = { command: 'show', files: [resultFile], run: undefined, format: 'pprof', output: undefined, options: { unit: undefined, skipZero: false, sort: false, top: undefined, summary: false, max: false, color: true } } as const;
  assert.throws(() => showFiles(invocation, { stdoutIsTTY: true, env: {} }), {
    name: 'LineprofError',
    message: 'pprof is binary (gzipped protobuf): write it to a file with -o FILE, or pipe it',
  });
  const piped = showFiles(invocation, { stdoutIsTTY: false, env: {} });
  assert.deepEqual(Profile.decode(gunzipSync(piped)).function.length, 1);
});

test('-o writes the text report without colour, and a folder that is not there gets one line', () => {
  const output = path.join(dir, 'seed.txt');
  const run = lineprof(['show', resultFile, '-o', output], ROOT);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
  assert.equal(fs.readFileSync(output, 'utf8'), lineprof(['show', resultFile], ROOT).stdout);
  const missing = path.join(dir, 'no/such/dir/seed.json');
  const failed = lineprof(['show', '--format', 'json', resultFile, '-o', missing], ROOT);
  assert.deepEqual([failed.status, failed.stdout, failed.stderr], [1, '', `lineprof: ${missing}: cannot write (ENOENT)\n`]);
});
