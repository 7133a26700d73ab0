// Bench section 8's soak: server.mjs under `lineprof run --all -i INTERVAL` for SECONDS
// while this process keeps a bounded load on it (CLIENTS loops, each at most RATE
// requests a second). Between the dumps it samples the server's RSS and reads the result
// file as `lineprof show` would; at the end it stops the server with SIGTERM and checks
// that the handler's hits equal the requests served. Prints one JSON line.
//
//   node bench/scale/soak.mjs LINEPROF_ROOT OUT [SECONDS] [INTERVAL]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const [root, out, seconds = '60', interval = '5'] = process.argv.slice(2);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLIENTS = 4;
const RATE = 50;
const { readResultFile } = await import(pathToFileURL(path.join(root, 'dist/src/stats/result-file.js')).href);

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^LINEPROF(_|$)/.test(k)));
const cli = spawn(process.execPath, [path.join(root, 'dist/src/cli/main.js'), 'run', '-q', '--all', '--include', `${HERE}/**`, '-i', interval, '-o', out, path.join(HERE, 'server.mjs')], {
  cwd: HERE,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
cli.stderr.on('data', (chunk) => (stderr += chunk));
const ended = new Promise((resolve) => cli.on('close', (code, signal) => resolve({ code, signal })));
const { port, pid } = await new Promise((resolve, reject) => {
  let text = '';
  cli.stdout.on('data', (chunk) => {
    text += chunk;
    const line = text.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
  cli.on('close', () => reject(new Error(`the server ended before it listened: ${stderr.trim()}`)));
});

const body = JSON.stringify({ values: Array.from({ length: 200 }, (_, i) => (i * 7919) % 1000) });
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
function request() {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && text.startsWith('{"count":200')));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

const deadline = Date.now() + Number(seconds) * 1000;
let served = 0;
let failed = 0;
async function client() {
  while (Date.now() < deadline) {
    const started = Date.now();
    if (await request()) served++;
    else failed++;
    await sleep(Math.max(0, 1000 / RATE - (Date.now() - started)));
  }
}

function rssMb() {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
  } catch {
    return null;
  }
}

const samples = [];
async function watch() {
  // Half an interval after each dump, so that a read meets a file that is there.
  await sleep((Number(interval) * 1000) / 2);
  while (Date.now() < deadline) {
    const sample = { t: Number(seconds) - (deadline - Date.now()) / 1000, rssMb: rssMb(), dump: 'none' };
    if (fs.existsSync(out)) {
      try {
        const result = readResultFile(out);
        const fn = result.stats.functions.find((f) => f.name === 'handle');
        sample.dump = 'read';
        sample.hits = fn ? Math.max(...fn.lines.map((l) => l.hits)) : 0;
      } catch (error) {
        sample.dump = `unreadable: ${error.message}`;
      }
    }
    samples.push(sample);
    await sleep(Number(interval) * 1000);
  }
}

await Promise.all([watch(), ...Array.from({ length: CLIENTS }, client)]);
agent.destroy();
cli.kill('SIGTERM');
const { code, signal } = await ended;
const final = readResultFile(out);
const handle = final.stats.functions.find((f) => f.name === 'handle');
const hits = handle ? Math.max(...handle.lines.map((l) => l.hits)) : 0;
console.log(
  JSON.stringify({
    name: 'soak',
    seconds: Number(seconds),
    interval: Number(interval),
    served,
    failed,
    exit: { code, signal },
    finalHits: hits,
    fileBytes: fs.statSync(out).size,
    samples,
    stderr: stderr.trim(),
  }),
);
