// Bench section 8's dependency tree: the TypeScript compiler, prettier and markdown-it
// together in one process, each doing real work on real input (lineprof's own sources and
// README). Profiled with `--all --include 'node_modules/**'`, every function of all three
// records. Prints one JSON line: the work's time and the clock when the program's last
// statement ran (Date.now()), so that the bench can tell how long the exit took.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as prettier from 'prettier';
import MarkdownIt from 'markdown-it';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sources = ['src/report/text.ts', 'src/stats/merge.ts', 'src/cli/argv.ts'].map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

const t0 = performance.now();
let size = 0;
for (const source of sources) {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  size += js.length;
  size += (await prettier.format(js, { parser: 'babel' })).length;
}
size += new MarkdownIt().render(readme).length;
console.log(JSON.stringify({ name: 'deps', ms: performance.now() - t0, size, end: Date.now() }));
