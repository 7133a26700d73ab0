// `lineprof show --format cpuprofile`: a V8 CPU profile (the DevTools protocol's
// Profiler.Profile), which Chrome DevTools' Performance panel and VS Code open. Pure.
//
// A cpuprofile holds samples, not times: lineprof's times become ticks of one fixed
// length (TICK_US, or longer so that a long profile stays under MAX_TICKS samples). Each
// function is one node under the root, its ticks its total time, and `positionTicks`
// puts them on its lines: that is what DevTools shows beside each line of the source.
// Hits are not carried (the format has no field for them), a line under one tick shows
// none, and a line's time includes its calls: when a callee is profiled too, its time is
// counted on its own node and again on its caller's line.

import { pathToFileURL } from 'node:url';
import type { ProfileStats } from '../stats/model.js';
import { ranLines, toNanoseconds } from '../stats/lines.js';

const TICK_US = 1;
const MAX_TICKS = 200_000;

interface CallFrame {
  readonly functionName: string;
  readonly scriptId: string;
  readonly url: string;
  /** 0-based, as V8's. */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount: number;
  readonly children: number[];
  /** 1-based lines, as V8's. */
  readonly positionTicks?: { line: number; ticks: number }[];
}

export function renderCpuprofile(stats: ProfileStats, startTime = 0): string {
  const totalUs = stats.functions.reduce((sum, fn) => sum + ranLines(fn).reduce((s, l) => s + toNanoseconds(l.time, stats.unit), 0), 0) / 1000;
  const tick = Math.max(TICK_US, Math.ceil(totalUs / MAX_TICKS));
  const root: ProfileNode = { id: 1, callFrame: frame('(root)', '0', '', -1), hitCount: 0, children: [] };
  const nodes: ProfileNode[] = [root];
  const scripts = new Map<string, string>();
  const samples: number[] = [];
  for (const fn of stats.functions) {
    const positionTicks = ranLines(fn)
      .map((l) => ({ line: l.line, ticks: Math.round(toNanoseconds(l.time, stats.unit) / 1000 / tick) }))
      .filter((p) => p.ticks > 0);
    const hitCount = positionTicks.reduce((sum, p) => sum + p.ticks, 0);
    if (!scripts.has(fn.file)) scripts.set(fn.file, String(scripts.size + 1));
    const id = nodes.length + 1;
    nodes.push({ id, callFrame: frame(fn.name, scripts.get(fn.file)!, urlOf(fn.file), fn.line - 1), hitCount, children: [], positionTicks });
    root.children.push(id);
    for (let i = 0; i < hitCount; i++) samples.push(id);
  }
  const timeDeltas = samples.map(() => tick);
  const profile = { nodes, startTime, endTime: startTime + samples.length * tick, samples, timeDeltas };
  return `${JSON.stringify(profile)}\n`;
}

function frame(functionName: string, scriptId: string, url: string, lineNumber: number): CallFrame {
  return { functionName, scriptId, url, lineNumber, columnNumber: lineNumber < 0 ? -1 : 0 };
}

/** DevTools finds sources by URL: a path becomes a file: URL, a URL stays as it is. */
function urlOf(file: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? file : pathToFileURL(file).href;
}
