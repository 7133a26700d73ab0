// `lineprof show --format speedscope`: a speedscope file (https://www.speedscope.app,
// schema: its file-format-schema.json). Pure.
//
// Two sampled profiles over the same frames: "time" (nanoseconds) and "hits". Each line
// that ran is one stack of two frames, its function and then the line itself (named with
// its number and text), weighted by the line's time or hits; so the flame graph has one
// box per function, split into its lines, and the sandwich view lists lines. A line's
// time includes the calls made from it, as in the text report: when a callee is profiled
// too, its time is counted on its own lines and on its caller's line.

import type { FunctionStats, ProfileStats } from '../stats/model.js';
import { ranLines, toNanoseconds } from '../stats/lines.js';

interface Frame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** One profile of the file, filled stack by stack. */
interface Weighed {
  readonly samples: number[][];
  readonly weights: number[];
  total: number;
}

/** Longest line text kept in a frame's name. */
const TEXT_LENGTH = 80;

export function renderSpeedscope(stats: ProfileStats, name: string, exporter: string): string {
  const frames: Frame[] = [];
  const time: Weighed = { samples: [], weights: [], total: 0 };
  const hits: Weighed = { samples: [], weights: [], total: 0 };
  for (const fn of stats.functions) {
    const lines = ranLines(fn);
    if (lines.length === 0) continue;
    const own = frames.push({ name: fn.name, file: fn.file, line: fn.line }) - 1;
    for (const l of lines) {
      const frame = frames.push({ name: lineName(fn, l.line), file: fn.file, line: l.line }) - 1;
      add(time, [own, frame], toNanoseconds(l.time, stats.unit));
      add(hits, [own, frame], l.hits);
    }
  }
  const file = {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    name,
    exporter,
    activeProfileIndex: 0,
    shared: { frames },
    profiles: [sampled('time', 'nanoseconds', time), sampled('hits', 'none', hits)],
  };
  return `${JSON.stringify(file)}\n`;
}

function sampled(name: string, unit: 'nanoseconds' | 'none', { samples, weights, total }: Weighed): object {
  return { type: 'sampled', name, unit, startValue: 0, endValue: total, samples, weights };
}

function add(profile: Weighed, stack: number[], weight: number): void {
  if (weight <= 0) return;
  profile.samples.push(stack);
  profile.weights.push(weight);
  profile.total += weight;
}

/** `incrementList:7  data[i] += 1;` */
export function lineName(fn: FunctionStats, line: number): string {
  const text = (fn.source[line - fn.line] ?? '').trim();
  const cut = text.length > TEXT_LENGTH ? `${text.slice(0, TEXT_LENGTH - 1)}…` : text;
  return cut === '' ? `${fn.name}:${line}` : `${fn.name}:${line}  ${cut}`;
}
