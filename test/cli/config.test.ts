// The config file: found where the README says, its options applied where the command line
// gives none, and a bad one reported in one line naming the file and the key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { splitArgv } from '../../src/cli/argv.js';
import { loadConfig, type Config } from '../../src/cli/config.js';
import { readResultFile } from '../../src/stats/result-file.js';
import { hitsOf, lineprof, tempDir } from '../integration/helpers.js';

function project(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

test('found from the current folder up to the project root: lineprof.config.json, else package.json\'s "lineprof"', () => {
  const dir = project({
    'package.json': { name: 'app', lineprof: { sort: true } },
    'src/deep/.keep': '',
    'tool/lineprof.config.json': { top: 3 },
    'tool/package.json': { name: 'tool', lineprof: { sort: true } },
    'other/package.json': { name: 'other' },
  });
  assert.deepEqual(loadConfig(path.join(dir, 'src/deep'), undefined), { file: path.join(dir, 'package.json'), values: { sort: true } });
  assert.deepEqual(loadConfig(path.join(dir, 'tool'), undefined), { file: path.join(dir, 'tool/lineprof.config.json'), values: { top: 3 } });
  // A package.json without the key is the root: the parent's config is another project's.
  assert.equal(loadConfig(path.join(dir, 'other'), undefined), undefined);
  // --config names one, relative to the current folder; a package.json is read for its key.
  assert.deepEqual(loadConfig(path.join(dir, 'other'), '../tool/lineprof.config.json')?.values, { top: 3 });
  assert.deepEqual(loadConfig(dir, 'tool/package.json')?.values, { sort: true });
});

test('a bad config: one line naming the file and the key', () => {
  const dir = project({
    'a/lineprof.config.json': { fnc: 'x' },
    'b/package.json': { lineprof: { engine: 'fast' } },
    'c/lineprof.config.json': '{ "func": ',
    'd/lineprof.config.json': { top: 0, func: 'x' },
    'e/lineprof.config.json': ['func'],
    'f/package.json': { lineprof: { include: [1] } },
  });
  const message = (sub: string, explicit?: string): string => {
    try {
      loadConfig(path.join(dir, sub), explicit);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };
  const at = (file: string): string => path.join(dir, file);
  assert.match(message('a'), new RegExp(`^${escape(at('a/lineprof.config.json'))}: "fnc": not an option \\(func, include, `));
  assert.equal(message('b'), `${at('b/package.json')}: "lineprof.engine": must be one of "exact", "sampled"`);
  assert.match(message('c'), new RegExp(`^${escape(at('c/lineprof.config.json'))}: not valid JSON \\(`));
  assert.equal(message('d'), `${at('d/lineprof.config.json')}: "top": must be a positive integer`);
  assert.equal(message('e'), `${at('e/lineprof.config.json')}: the config is not a JSON object`);
  assert.equal(message('f'), `${at('f/package.json')}: "lineprof.include": must be a string or a list of strings`);
  assert.equal(message('a', 'missing.json'), `${at('a/missing.json')}: no such file`);
});

test('the command line overrides the config, option by option; --no-config reads none', () => {
  const config: Config = { file: '/p/lineprof.config.json', values: { func: ['parse'], engine: 'sampled', sort: true, outfile: 'p.lprof', format: 'json', top: 2 } };
  const asked: (string | undefined)[] = [];
  const loadConfig = (explicit: string | undefined): Config => {
    asked.push(explicit);
    return config;
  };
  const run = splitArgv(['run', '--func', 'lex', 'a.js'], { loadConfig });
  assert.equal(run.command, 'run');
  if (run.command !== 'run') return;
  assert.deepEqual([run.options.funcs, run.options.engine, run.options.outfile, run.options.report.sort, run.options.report.top], [['lex'], 'sampled', 'p.lprof', true, 2]);
  const show = splitArgv(['show', '--format', 'text', 'a.lprof'], { loadConfig });
  assert.deepEqual(show.command === 'show' && [show.format, show.options.sort], ['text', true]);
  const fromConfig = splitArgv(['show', 'a.lprof', '--config', 'x.json'], { loadConfig });
  assert.deepEqual(fromConfig.command === 'show' && fromConfig.format, 'json');
  assert.deepEqual(asked, [undefined, undefined, 'x.json']);
  const none = splitArgv(['run', '--no-config', 'a.js'], { loadConfig });
  assert.deepEqual(none.command === 'run' && [none.options.funcs, none.options.engine], [[], 'exact']);
  assert.equal(asked.length, 3);
});

test('lineprof run in a project with a config: its functions and output file; a bad key fails before the program runs', () => {
  const dir = project({
    'package.json': { name: 'app', type: 'module', lineprof: { func: 'square', outfile: 'profiles/app.lprof' } },
    'profiles/.keep': '',
    'app.js': "function square(x) {\n  return x * x;\n}\nfunction cube(x) {\n  return x * x * x;\n}\nconsole.log(square(3) + cube(2));\n",
  });
  const run = lineprof(['run', '-q', 'app.js'], dir);
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '17\n', '']);
  const stats = readResultFile(path.join(dir, 'profiles/app.lprof')).stats;
  assert.deepEqual(stats.functions.map((fn) => fn.name), ['square']);
  assert.deepEqual(hitsOf(stats, 'square'), { 2: 1 });
  // The command line wins: --func cube, -o here.
  const cli = lineprof(['run', '-q', '--func', 'cube', '-o', 'cube.lprof', 'app.js'], dir);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(readResultFile(path.join(dir, 'cube.lprof')).stats.functions.map((fn) => fn.name), ['cube']);

  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module', lineprof: { func: 'square', sorted: true } }));
  const bad = lineprof(['run', 'app.js'], dir);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, new RegExp(`^lineprof: ${escape(path.join(dir, 'package.json'))}: "lineprof.sorted": not an option \\([^)]*\\)\n$`));
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
