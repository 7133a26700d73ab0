// Bench section 8: lineprof at scale (issue 17).
//   - A real dependency tree in one process: bench/scale/deps.mjs runs the TypeScript
//     compiler, prettier and markdown-it together, plain and under `lineprof run --all
//     --include 'node_modules/**'` (every function of all three records): wall time, peak
//     RSS (GNU time's %M, the largest process), the result file's size and function count,
//     and the exit: from the program's last statement to lineprof's exit.
//   - A soak: bench/scale/soak.mjs, a loopback HTTP server under `lineprof run --all -i 5`
//     for 60 s under a bounded load; RSS between the dumps, the dumps read mid-run, and the
//     handler's hits at the end against the requests served.
// measure/print are the section as run.mjs runs it; measureScale measures only, printScale prints.

import fs from 'node:fs';
import path from 'node:path';
import { table } from '../lib/format.mjs';

/** The section, with ctx.opts.soakSeconds (--soak-seconds) of soak. */
export const measure = (ctx) => measureScale(ctx, { soakSeconds: ctx.opts.soakSeconds });

export function print(scale) {
  if (scale.error) return `8. Scale: failed: ${scale.error}`;
  return printScale(scale, { table: (h, rows) => table(h, rows, ['l']) });
}

const TIME = '/usr/bin/time';

export function measureScale(ctx, { soakSeconds = 60 } = {}) {
  const deps = path.join(ctx.bench, 'scale/deps.mjs');
  const out = path.join(ctx.tmp, 'deps.lprof');
  const withTime = fs.existsSync(TIME);
  const run = (args) => {
    const r = withTime ? ctx.exec(TIME, ['-f', 'lineprof-bench-rss %M', ...args], { cwd: ctx.root }) : ctx.exec(args[0], args.slice(1), { cwd: ctx.root });
    const rss = /lineprof-bench-rss (\d+)/.exec(r.stderr);
    const ended = Date.now();
    const output = ctx.workloadOutput(r, args.join(' '));
    return { wallMs: r.wallMs, rssMb: rss ? Number(rss[1]) / 1024 : null, workMs: output.ms, exitMs: ended - output.end };
  };
  ctx.log('scale: typescript + prettier + markdown-it in one process, plain and under --all --include node_modules/**');
  const rounds = [];
  for (let i = 0; i < ctx.runs; i++) {
    const plain = run([process.execPath, deps]);
    const profiled = run([process.execPath, ctx.cli, 'run', '-q', '--all', '--include', 'node_modules/**', '-o', out, deps]);
    rounds.push({ plain, profiled });
  }
  const result = ctx.readResultFile(out);
  const files = new Set(result.stats.functions.map((f) => f.file));
  const packages = {};
  for (const name of ['typescript', 'prettier', 'markdown-it']) {
    packages[name] = result.stats.functions.filter((f) => f.file.includes(`/node_modules/${name}/`)).length;
  }
  const pick = (side, key) => ctx.median(rounds.map((r) => r[side][key]).filter((v) => v !== null));
  const dependencies = {
    plain: { wallMs: pick('plain', 'wallMs'), rssMb: pick('plain', 'rssMb'), workMs: pick('plain', 'workMs'), exitMs: pick('plain', 'exitMs') },
    profiled: { wallMs: pick('profiled', 'wallMs'), rssMb: pick('profiled', 'rssMb'), workMs: pick('profiled', 'workMs'), exitMs: pick('profiled', 'exitMs') },
    functions: result.stats.functions.length,
    files: files.size,
    packages,
    fileMb: fs.statSync(out).size / 2 ** 20,
    rounds,
  };

  ctx.log(`scale: soak, a loopback HTTP server under lineprof run --all -i 5 for ${soakSeconds} s`);
  const soakOut = path.join(ctx.tmp, 'soak.lprof');
  const soak = ctx.workloadOutput(ctx.exec(process.execPath, [path.join(ctx.bench, 'scale/soak.mjs'), ctx.lineprofRoot, soakOut, String(soakSeconds), '5']), 'soak');
  return { dependencies, soak };
}

export function printScale(scale, fmt) {
  const out = ['8. Scale (issue 17)'];
  const d = scale.dependencies;
  if (d.error) out.push(`   dependencies: FAILED ${d.error}`);
  else {
    out.push(
      fmt.table(
        ['typescript + prettier + markdown-it', 'wall', 'work', 'peak RSS', 'exit after the last statement'],
        [
          ['plain node', `${d.plain.wallMs.toFixed(0)} ms`, `${d.plain.workMs.toFixed(0)} ms`, `${d.plain.rssMb?.toFixed(0) ?? '?'} MB`, `${d.plain.exitMs.toFixed(0)} ms`],
          ['lineprof run --all --include node_modules/**', `${d.profiled.wallMs.toFixed(0)} ms`, `${d.profiled.workMs.toFixed(0)} ms`, `${d.profiled.rssMb?.toFixed(0) ?? '?'} MB`, `${d.profiled.exitMs.toFixed(0)} ms`],
        ],
      ),
    );
    out.push(
      `   result file: ${d.fileMb.toFixed(1)} MB, ${d.functions} functions in ${d.files} files (typescript ${d.packages.typescript}, prettier ${d.packages.prettier}, markdown-it ${d.packages['markdown-it']})`,
    );
  }
  const s = scale.soak;
  const rss = s.samples.map((x) => x.rssMb).filter((x) => x !== null);
  const read = s.samples.filter((x) => x.dump === 'read').length;
  const bad = s.samples.filter((x) => x.dump.startsWith('unreadable')).length;
  out.push(
    `   soak: ${s.seconds} s, -i ${s.interval}: ${s.served} requests served, ${s.failed} failed; RSS ${rss.map((x) => x.toFixed(0)).join(' ')} MB; ` +
      `${read} dumps read mid-run, ${bad} unreadable; exit ${s.exit.code ?? s.exit.signal}; handler hits ${s.finalHits} (${s.finalHits === s.served ? 'equal to the requests served' : 'NOT the requests served'})`,
  );
  return out.join('\n');
}
