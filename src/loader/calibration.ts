// Measures what probes really cost in instrumented code, so the exact engine can subtract
// it: a small loop without calls runs plain and instrumented (recorded), and the extra
// time per probe event is the cost; the runtime takes the lower of this and its loop of
// bare probes (src/runtime/exact.ts). Runs once per process, when results are first read:
// at exit, where the time is short. A process that its supervisor ends with SIGTERM
// (vitest's and jest's workers, tinypool's) is killed 500 ms later, and on a loaded
// machine a 0.25 s calibration took longer than that, and cost the process's results. So
// it stays within ~30 ms: the instrumented program is the instrumenter's output, kept here
// (test/loader/calibration.test.ts checks that it still is), because loading oxc-parser
// and instrumenting at exit cost a process that instrumented nothing itself (vitest's
// workers) ~50 ms; and the rounds are few and short. Its functions are lineprof's own
// and never reported. No per-call cost is measured: one measured on a calling loop
// over-compensated other programs (recursive code came out at zero), so the runtime
// subtracts none (see Runtime.probeCosts).

import type { ProbeCosts, Runtime } from '../runtime/runtime.js';
import { debug } from './debug.js';

export const PROGRAM = `
function lines(n, data) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = data[i & 15];
    total += x;
    total ^= i;
  }
  return total;
}
return { lines };
`;

type Work = (n: number, data: number[]) => number;
interface Programs {
  readonly lines: Work;
}

/** How PROGRAM is instrumented (INSTRUMENTED is the instrumenter's output for it). */
export const CALIBRATION_OPTIONS = { file: '<lineprof calibration>', fileKey: 'lpcalibration', lang: 'js', sourceType: 'commonjs' } as const;

/** The instrumenter's output for PROGRAM with CALIBRATION_OPTIONS. */
export const INSTRUMENTED = "/*lineprof:1*/var $lp_lpcalibration=__lineprof.r(\"lpcalibration\",\"<lineprof calibration>\",[[\"lines\",2,10,0]],$lp_lpcalibration_src,\"js commonjs exact\");\nfunction lines(n, data) {const $lp_f=__lineprof.e($lp_lpcalibration+0);try{$lp_f.l(1);\n  let total = 0;$lp_f.l(2);\n  for (let i = 0; i < n; $lp_f.l(2),(i++)) {$lp_f.l(3);\n    const x = data[i & 15];$lp_f.l(4);\n    total += x;$lp_f.l(5);\n    total ^= i;\n  };$lp_f.l(7);\n  return total;\n}finally{$lp_f.x()}}\nreturn { lines };\n\nfunction $lp_lpcalibration_src(){return \"\\nfunction lines(n, data) {\\n  let total = 0;\\n  for (let i = 0; i < n; i++) {\\n    const x = data[i & 15];\\n    total += x;\\n    total ^= i;\\n  }\\n  return total;\\n}\\nreturn { lines };\\n\"}\n";
const ITERATIONS = 10_000;
const ROUNDS = 9;
const WARM_UP_ROUNDS = 10;

interface Overhead {
  readonly ns: number;
  readonly events: number;
}

/** The probe cost on real instrumented code; undefined where code generation is forbidden (--disallow-code-generation-from-strings: the runtime's probe loop measures it then). */
export function measureProbeCostNs(runtime: Runtime): ProbeCosts | undefined {
  const saved = runtime.probeEvents();
  let plain: Programs;
  let instrumented: Programs;
  try {
    plain = new Function(PROGRAM)() as Programs;
    instrumented = new Function(INSTRUMENTED)() as Programs;
  } catch (error) {
    debug('no calibration on instrumented code: %s', (error as Error).message);
    return undefined;
  }
  const ids = runtime.registry.functionsOfFile(CALIBRATION_OPTIONS.fileKey).map((fn) => fn.id);
  for (const id of ids) runtime.startRecording(id);
  const data = Array.from({ length: 16 }, (_, i) => i);
  try {
    // Warm-up: both versions reach V8's optimising compiler before they are timed.
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      plain.lines(ITERATIONS, data);
      instrumented.lines(ITERATIONS, data);
    }
    const lineOnly = overhead(runtime, plain.lines, instrumented.lines, data);
    return { event: lineOnly.ns / lineOnly.events };
  } finally {
    for (const id of ids) runtime.stopRecording(id);
    runtime.restoreProbeEvents(saved);
  }
}

/** Median over rounds of the extra time of the instrumented run, with its events. */
function overhead(runtime: Runtime, plain: Work, instrumented: Work, data: number[]): Overhead {
  const rounds: Overhead[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    plain(ITERATIONS, data);
    const t1 = performance.now();
    const e1 = runtime.probeEvents();
    instrumented(ITERATIONS, data);
    const t2 = performance.now();
    rounds.push({ ns: (t2 - t1 - (t1 - t0)) * 1e6, events: runtime.probeEvents() - e1 });
  }
  rounds.sort((a, b) => a.ns - b.ns);
  return rounds[ROUNDS >> 1];
}
