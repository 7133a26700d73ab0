// The lines under a report's `Timer unit:`: how the times were taken (engine, clock,
// probe cost, samples), what was merged, which run or side is shown, so that a saved
// report explains itself. Pure: result files' metadata in, lines out; shared by `show`,
// `diff`, `run -v` and `run --watch`.

import type { EngineName, ProfileMeta, ProfileResult } from '../stats/model.js';

/** Sampled results: a time from fewer than this many samples is marked as approximate. */
export const FEW_SAMPLES = 10;

/** What `--max` says of sampled results: samples land in lines, they time no single hit. */
const NO_MAX = 'Max: not measured (the sampled engine counts samples per line; it does not time single hits)';

/** The engine and its settings, in one line. */
export function describeEngine(engine: EngineName, meta: ProfileMeta): string {
  const details: string[] = [];
  if (engine === 'exact') {
    if (meta.clock !== undefined) details.push(`clock ${meta.clock}`);
    if (meta.compensated !== undefined) {
      const perCall = meta.callCostNs ? `, ${meta.callCostNs} ns per call` : '';
      const cost = meta.probeCostNs !== undefined && meta.compensated ? `: ${meta.probeCostNs} ns per line event${perCall}` : '';
      details.push(meta.compensated ? `probe cost compensated${cost}` : 'probe cost not compensated');
      if (meta.compensated && meta.probeCostNs) details.push('~: under one line event per hit');
    }
  } else {
    if (meta.samples !== undefined) details.push(`${meta.samples} samples`);
    if (meta.intervalUs !== undefined) details.push(`every ${meta.intervalUs} us`);
    details.push(`~: under ${FEW_SAMPLES} samples`);
  }
  return details.length === 0 ? `Engine: ${engine}` : `Engine: ${engine} (${details.join(', ')})`;
}

/** Header lines above the tables of result files shown as one: how the times were taken, how many were merged. */
export function describeResults(results: readonly ProfileResult[], engine: EngineName): string[] {
  const lines = [...new Set(results.map((result) => describeEngine(engine, result.meta)))];
  // Merged runs whose settings differ get the engine alone rather than one run's details.
  const header = lines.length === 1 ? lines : [`Engine: ${engine} (runs with different settings)`];
  if (results.length > 1) header.push(`Merged: ${results.length} result files`);
  return header;
}

/** describeResults, and with `--max` on sampled results why the Max column is blank. */
export function resultsHeader(results: readonly ProfileResult[], engine: EngineName, max: boolean): string[] {
  return [...describeResults(results, engine), ...(max && engine === 'sampled' ? [NO_MAX] : [])];
}

/** A diff's engine lines: one when A and B were timed alike, else one each. */
export function describeEngines(engineA: string, engineB: string): string[] {
  if (engineA === engineB) return [engineA];
  return [engineA.replace(/^Engine:/, 'Engine of A:'), engineB.replace(/^Engine:/, 'Engine of B:')];
}

/** Which labelled run a report shows. */
export function runLine(label: string): string {
  return `Run: ${label}`;
}

/** Which is A and which is B in a diff. */
export function sideLines(a: string, b: string): string[] {
  return [`A: ${a}`, `B: ${b}`];
}

/**
 * Exact engine, compensated: a line whose time per hit is under this many seconds (the
 * largest probe cost of the results) is marked `~`. Its time is what is left after one
 * calibrated cost per probe event is subtracted, and the real cost of a probe differs
 * from site to site by more than such a line takes (bench section 3b: a 1 ns line beside
 * a 40 ns probe): the figure is a floor's noise, not the line's time.
 */
export function approximatePerHitBelow(engine: EngineName, results: readonly ProfileResult[]): number | undefined {
  if (engine !== 'exact') return undefined;
  const costs = results.map((r) => (r.meta.compensated && r.meta.probeCostNs ? r.meta.probeCostNs : 0));
  const most = Math.max(0, ...costs);
  return most > 0 ? most * 1e-9 : undefined;
}

/** Sampled results: times under this many seconds are marked `~` (FEW_SAMPLES of the longest interval). */
export function approximateBelow(engine: EngineName, results: readonly ProfileResult[]): number | undefined {
  if (engine !== 'sampled') return undefined;
  const intervals = results.map((r) => r.meta.intervalUs ?? 0);
  return FEW_SAMPLES * Math.max(...intervals) * 1e-6;
}
