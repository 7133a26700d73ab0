// The bench's command line. Options:
//   --runs N (default 3), --scale X (multiplies every workload's amount of work; the
//   defaults keep the whole bench near 3-4 minutes on a busy 2-core machine), --no-python,
//   --only a,b (workload names), --node BIN (repeatable: another Node line for section 7),
//   --no-lines (skip section 7), --lines-only (section 7 alone), --no-big (skip section 8),
//   --big-only (section 8 alone), --soak-seconds S (section 8's soak, default 60).

import { BenchExit } from './errors.mjs';

const USAGE =
  'usage: node bench/run.mjs [--runs N] [--scale X] [--no-python] [--only a,b] [--node BIN]... [--no-lines | --lines-only] [--no-big | --big-only] [--soak-seconds S]';

/** The options of argv (without node and the script); throws BenchExit (code 2) on a bad one. */
export function parseOptions(argv) {
  const o = { runs: 3, scale: 1, python: true, only: null, nodes: [], lines: true, linesOnly: false, big: true, bigOnly: false, soakSeconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Number.parseInt(argv[++i], 10));
    else if (a === '--scale') o.scale = Number(argv[++i]);
    else if (a === '--no-python') o.python = false;
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--node') o.nodes.push(argv[++i]);
    else if (a === '--no-lines') o.lines = false;
    else if (a === '--lines-only') o.linesOnly = true;
    else if (a === '--no-big') o.big = false;
    else if (a === '--big-only') o.bigOnly = true;
    else if (a === '--soak-seconds') o.soakSeconds = Number(argv[++i]);
    else throw new BenchExit(`bench/run.mjs: unknown option ${a}\n${USAGE}`, 2);
  }
  if (!(o.scale > 0) || !Number.isFinite(o.runs)) {
    throw new BenchExit('bench/run.mjs: --runs needs a positive integer and --scale a positive number', 2);
  }
  return o;
}
