// `-q` (issue 15): no note but warnings. What only informs (where the results went, that
// every function was profiled for want of a selection) goes; what says results are
// missing or empty stays, so that a run that records nothing is never silent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lineprof, tempDir } from '../integration/helpers.js';

const PROGRAM = 'function add(a, b) {\n  return a + b;\n}\nconsole.log(add(2, 3));\n';

function project(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'app.js'), PROGRAM);
  return dir;
}

test('without -q: where the results went and that everything was profiled', () => {
  const run = lineprof(['run', '-o', 'out.lprof', 'app.js'], project());
  assert.equal(run.stdout, '5\n');
  assert.equal(
    run.stderr,
    'lineprof: no function was selected (profile(), --func or --all): profiled all 1 function in 1 file\n' +
      'lineprof: wrote profile results to out.lprof; view with: lineprof show out.lprof\n',
  );
});

test('-q: nothing on stderr when results were written', () => {
  const run = lineprof(['run', '-q', '-o', 'out.lprof', 'app.js'], project());
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '5\n', '']);
});

test('-q: a --func that matched nothing is still said', () => {
  const run = lineprof(['run', '-q', '--func', 'nothing', '-o', 'out.lprof', 'app.js'], project());
  assert.deepEqual([run.status, run.stdout, run.stderr], [0, '5\n', "lineprof: --func 'nothing' matched no function\n"]);
});

test('-q: a run that recorded nothing is still said', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'flat.js'), 'console.log(1 + 1);\n');
  const run = lineprof(['exec', '-q', '-o', 'out.lprof', '--', process.execPath, 'flat.js'], dir);
  assert.equal(run.stdout, '2\n');
  assert.match(run.stderr, /^lineprof: nothing was recorded: no function of the program's own files was loaded/);
  assert.doesNotMatch(run.stderr, /added up|wrote profile results/);
});
