// The public API of lineprof.
export { profile } from './profile.js';
export { LineprofError } from './errors.js';
export type { EngineName, FunctionStats, LineStats, ProfileMeta, ProfileResult, ProfileStats } from './stats/model.js';
