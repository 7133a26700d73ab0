// `lineprof show --format pprof`: a gzipped profile.proto (github.com/google/pprof), as
// `go tool pprof`, Pyroscope, Parca and Grafana read it. Encoded with pprof-format.
//
// Each line that ran is one sample whose stack is one location: a `Line` of the function
// at that source line. Its values are the line's hits (`hits`/`count`), time and await
// wait (`time`, `wait`/`nanoseconds`); `time` is the default. So `pprof -list NAME` shows
// each line's time (flat and cumulative are equal: a stack of one) and `-top` the
// functions' totals. A line's time includes the calls made from it, as in the text
// report: when a callee is profiled too, its time is counted on its own lines and on its
// caller's line, and the profile's total is larger than the time the program ran.

import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import type { ProfileStats } from '../stats/model.js';
import { ranLines, toNanoseconds } from '../stats/lines.js';

export interface PprofContext {
  /** When the run started (ms since the epoch), if known. */
  readonly startTime?: number;
  /** A comment kept in the profile: the command that ran. */
  readonly comment?: string;
}

export function renderPprof(stats: ProfileStats, context: PprofContext = {}): Uint8Array {
  const strings = new StringTable();
  const valueType = (type: string, unit: string): ValueType => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) });
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  const samples: Sample[] = [];
  for (const fn of stats.functions) {
    const lines = ranLines(fn);
    if (lines.length === 0) continue;
    const functionId = functions.length + 1;
    const name = strings.dedup(fn.name);
    functions.push(new PprofFunction({ id: functionId, name, systemName: name, filename: strings.dedup(fn.file), startLine: fn.line }));
    for (const l of lines) {
      const locationId = locations.length + 1;
      locations.push(new Location({ id: locationId, line: [new Line({ functionId, line: l.line })] }));
      const value = [l.hits, toNanoseconds(l.time, stats.unit), toNanoseconds(l.wait, stats.unit)];
      samples.push(new Sample({ locationId: [locationId], value }));
    }
  }
  const profile = new Profile({
    sampleType: [valueType('hits', 'count'), valueType('time', 'nanoseconds'), valueType('wait', 'nanoseconds')],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: context.startTime === undefined ? 0 : BigInt(Math.round(context.startTime)) * 1_000_000n,
    periodType: valueType('time', 'nanoseconds'),
    period: 1,
    comment: context.comment === undefined ? [] : [strings.dedup(context.comment)],
    defaultSampleType: strings.dedup('time'),
  });
  return gzipSync(profile.encode());
}
