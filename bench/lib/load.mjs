// The machine's load during the bench: the 1-minute load average, sampled between runs.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { median } from './stats.mjs';

/** samples: [{ t (performance.now()), load1 }]; sample() adds one at most every 5 s. */
export function makeLoadSampler() {
  const samples = [];
  const sample = () => {
    const now = performance.now();
    const last = samples.at(-1);
    if (last === undefined || now - last.t >= 5000) samples.push({ t: now, load1: os.loadavg()[0] });
  };
  return { samples, sample };
}

/** results.load: the samples of the run summed up, with the load averages at start and end. */
export function loadSummary(samples, atStart, atEnd) {
  const loads = samples.map((x) => x.load1);
  return {
    atStart,
    atEnd: atEnd.map((x) => Number(x.toFixed(2))),
    min: Math.min(...loads),
    max: Math.max(...loads),
    median: median(loads),
    samples: loads.length,
    series: samples.map((x) => [Number((x.t / 1000).toFixed(1)), Number(x.load1.toFixed(2))]),
  };
}
