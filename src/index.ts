// The public API of lineprof.
export { profile, type Profile } from './profile.js';
export { LineProfiler, type LineProfilerOptions, type PrintOptions, type RunResult } from './profiler.js';
export { LineprofError } from './errors.js';
export { diffStats, mergeStats } from './stats/merge.js';
export type { EngineName, FunctionStats, LabelledRun, LineStats, ProfileMeta, ProfileResult, ProfileStats } from './stats/model.js';
