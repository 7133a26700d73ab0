// The public API's types as CommonJS consumers see them: tsc emits this file's
// declarations as dist/src/index.d.cts, which package.json's "require" condition names.
// It declares, and must not implement, anything: at run time `require('lineprof')` loads
// the ES module index.js itself (require(esm), on in every Node line lineprof supports),
// so CommonJS and ESM callers share one module, one default profiler. The index.cjs tsc
// also emits from this file is never loaded.
//
// Why not `export * from './index.js'`: index.d.ts is an ES module's declarations, and
// TypeScript under `"module": "node16"` reports a CommonJS file (a .d.cts included) that
// imports one as error TS1479, since Node 16 could not require ESM. A type-only import
// with `resolution-mode: import` is allowed there, so each export below names its ESM
// original: one declaration per name, no copy of a type. Keep the list equal to
// index.ts's exports (test/types/consumers.test.ts compares them).

import type * as lineprof from './index.js' with { 'resolution-mode': 'import' };

export declare const profile: typeof lineprof.profile;
export type Profile = lineprof.Profile;

export declare const LineProfiler: typeof lineprof.LineProfiler;
export type LineProfiler = lineprof.LineProfiler;
export type LineProfilerOptions = lineprof.LineProfilerOptions;
export type PrintOptions = lineprof.PrintOptions;
export type RunResult<T> = lineprof.RunResult<T>;

export declare const LineprofError: typeof lineprof.LineprofError;
export type LineprofError = lineprof.LineprofError;

export declare const diffStats: typeof lineprof.diffStats;
export declare const mergeStats: typeof lineprof.mergeStats;

export type EngineName = lineprof.EngineName;
export type FunctionStats = lineprof.FunctionStats;
export type LabelledRun = lineprof.LabelledRun;
export type LineStats = lineprof.LineStats;
export type ProfileMeta = lineprof.ProfileMeta;
export type ProfileResult = lineprof.ProfileResult;
export type ProfileStats = lineprof.ProfileStats;
