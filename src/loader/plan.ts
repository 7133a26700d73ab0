// How this process instruments files (see ProbePlan). Its own module, without the
// instrumenter: the main thread loads that only when a CommonJS module needs it.

import type { InstrumentOptions } from '../instrument/instrument.js';
import type { LoaderConfig } from './config.js';

/**
 * How this process instruments files: its timing engine, and under the sampled engine
 * which functions get inline probes: those the default profiler records from the start
 * (all of them unless --func narrows it). The others get frame calls, nearly free while
 * not recorded (inline probes of calls nobody records cost the tokenizer 1.4x; frames
 * 1.05x), and still right if the program selects them later, only slower per line.
 * Plain data, spread into instrument()'s options (fn.toString() instruments with the same).
 */
export type ProbePlan = Required<Pick<InstrumentOptions, 'engine'>> & Pick<InstrumentOptions, 'inline'>;

export function probePlan(config: Pick<LoaderConfig, 'engine' | 'funcs' | 'all'>, cwd: string): ProbePlan {
  if (config.engine !== 'sampled') return { engine: config.engine };
  if (config.all || config.funcs.length === 0) return { engine: 'sampled' };
  return { engine: 'sampled', inline: { funcs: config.funcs, cwd } };
}
