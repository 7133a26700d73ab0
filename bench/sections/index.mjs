// The bench's sections in the order they run and print. Each module exports
// measure(ctx, results) -> plain data (results holds the sections measured before it) and
// print(data, options) -> the section's text (options: results.options).
//   key: the section's field in results.json; name: the name of its failure, for the
//   sections run under attempt() (a failure is recorded and the bench goes on);
//   alone/file: the option that runs it alone, and that run's results file;
//   when: whether the options select it in a full run (always, without `when`).

import * as accuracy from './accuracy.mjs';
import * as calls from './calls.mjs';
import * as compensation from './compensation.mjs';
import * as instrument from './instrument.mjs';
import * as nodeLines from './node-lines.mjs';
import * as notRecorded from './not-recorded.mjs';
import * as overhead from './overhead.mjs';
import * as scale from './scale.mjs';
import * as startup from './startup.mjs';

export const SECTIONS = [
  { key: 'workloads', section: overhead },
  { key: 'compensation', section: compensation },
  { key: 'accuracy', section: accuracy, name: 'accuracy' },
  { key: 'calls', section: calls, name: 'calls' },
  { key: 'notRecorded', section: notRecorded, name: 'not recorded' },
  { key: 'instrument', section: instrument, name: 'instrument' },
  { key: 'startup', section: startup, name: 'start-up' },
  { key: 'nodeLines', section: nodeLines, name: 'Node lines', alone: 'linesOnly', file: 'results-lines.json', when: (o) => o.lines },
  { key: 'scale', section: scale, name: 'scale', alone: 'bigOnly', file: 'results-scale.json', when: (o) => o.big },
];
