// How this process instruments files (see ProbePlan). Its own module, without the
// instrumenter: the main thread loads that only when a CommonJS module needs it.

import { recordedFromStart } from '../runtime/selection.js';
import type { EngineName } from '../stats/model.js';
import type { LoaderConfig } from './config.js';

/**
 * How this process instruments files: its timing engine, and under the sampled engine
 * which functions get inline probes: those the default profiler records from the start
 * (all of them unless --func narrows it). The others get frame calls, nearly free while
 * not recorded (inline probes of calls nobody records cost the tokenizer 1.4x; frames
 * 1.05x), and still right if the program selects them later, only slower per line.
 */
export interface ProbePlan {
  readonly engine: EngineName;
  readonly inline?: (name: string, file: string) => boolean;
}

export function probePlan(config: Pick<LoaderConfig, 'engine' | 'funcs' | 'all'>, cwd: string): ProbePlan {
  if (config.engine !== 'sampled') return { engine: config.engine };
  return { engine: 'sampled', inline: recordedFromStart({ funcs: config.funcs, all: config.all, cwd }) };
}

/** instrument()'s options for a file under a plan (fn.toString() must use the same). */
export function planOptions(plan: ProbePlan, file: string): { engine: EngineName; inline?: (name: string) => boolean } {
  const inline = plan.inline;
  return inline ? { engine: plan.engine, inline: (name) => inline(name, file) } : { engine: plan.engine };
}

