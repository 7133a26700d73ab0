// Bench section 5: instrumentation throughput: instrument() on typescript@5's
// lib/typescript.js, measured in a process of its own by bench/instrument-throughput.mjs.

import path from 'node:path';
import { fmt } from '../lib/format.mjs';

export function measure(ctx) {
  ctx.log('instrumentation throughput: instrument() on typescript/lib/typescript.js, 3 runs');
  const r = ctx.exec(process.execPath, [path.join(ctx.bench, 'instrument-throughput.mjs'), '3', ctx.lineprofRoot]);
  return ctx.workloadOutput(r, 'instrument-throughput');
}

export function print(t) {
  const out = ['5. Instrumentation throughput: instrument() on typescript/lib/typescript.js (median of 3)'];
  if (t.error) {
    out.push(`  failed: ${t.error}`);
    return out.join('\n');
  }
  out.push(
    `  typescript ${t.typescriptVersion}, ${fmt(t.bytes / 1e6, 2)} MB in, ${fmt(t.outBytes / 1e6, 2)} MB out, ` +
      `${t.functions.toLocaleString('en-US')} functions`,
  );
  out.push(
    `  instrument(), a process's first call: ${fmt(t.instrumentFirstMBps, 2)} MB/s; warm: ${fmt(t.instrumentMedianMs, 0)} ms = ` +
      `${fmt(t.instrumentMBps, 2)} MB/s (runs ${t.instrumentMs.map((x) => fmt(x, 0)).join(', ')} ms); ` +
      `oxc-parser parse alone: ${fmt(t.parseMedianMs, 0)} ms = ${fmt(t.parseMBps, 1)} MB/s (AST transfer: ${t.transfer})`,
  );
  return out.join('\n');
}
