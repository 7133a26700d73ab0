// The package's types as its consumers' real compiler sees them: small projects in a
// temporary directory, each with a node_modules/lineprof holding what npm would install
// (package.json and its "files"), type-checked by this repository's TypeScript under every
// module setting a consumer may use (ESM nodenext, bundler; CommonJS nodenext, node16,
// node10), with TC39 decorators and with experimentalDecorators. Each must type-check
// with no diagnostic; one project must fail with an exact error line from the tsc command,
// so that the check can fail. The CommonJS projects are also compiled and run with plain
// node: require('lineprof') must give the working no-op `profile`.
//
// The settings' projects are checked in this process, through the compiler's API, on the
// files that are the consumer's and lineprof's (tsc checks @types/node and the default
// libraries too, ~2 s a project, the same in every project), with one parse of those
// shared: ten tsc runs cost ~45 s of each Node line's suite. The two tsc runs stay.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import ts from 'typescript';
import { ROOT, tempDir } from '../integration/helpers.js';

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);

interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

async function node(args: readonly string[], cwd: string): Promise<Outcome> {
  // Without LINEPROF* or NODE_OPTIONS from the test's environment: lineprof stays off.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('LINEPROF') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'),
  );
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failed.code !== 'number') throw error;
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: failed.code };
  }
}

// What a consumer writes: profile as a wrapper (the function's type kept), as a decorator
// on a method, a getter and a static method, the default profiler's API, LineProfiler and
// LineprofError, the exported types. The same text compiles as ESM and as CommonJS.
const CONSUMER = `import { LineProfiler, LineprofError, profile, type ProfileStats, type RunResult } from 'lineprof';

const parse = profile(function parse(text: string): number {
  return text.length;
});
const length: number = parse('abc');
const load = profile(async (url: string) => url.toUpperCase());

class Tokenizer {
  @profile
  next(): number {
    return 1;
  }

  @profile
  get size(): number {
    return 2;
  }

  @profile
  static create(): Tokenizer {
    return new Tokenizer();
  }
}

const stats: ProfileStats = profile.getStats();
const warm: RunResult<number> = profile.run('warm', () => parse('abcd'));
const later: Promise<RunResult<string>> = profile.run(async () => load('later'));
const profiler = new LineProfiler();
const called: number = profiler.runCall(parse, 'ab');
let code: string | undefined;
try {
  profiler.addFunction(parse);
} catch (error) {
  if (error instanceof LineprofError) code = error.code;
}
later.then(({ result, stats: laterStats }) => {
  const said: unknown[] = [length, new Tokenizer().next(), Tokenizer.create().size, stats.functions.length];
  said.push(warm.result, called, result, laterStats.functions.length, profile.getRuns().length, code);
  console.log(JSON.stringify(said));
});
`;

// Not active (plain node): empty stats, one labelled run, addFunction's error code.
const CONSUMER_OUTPUT = '[3,1,2,0,4,2,"LATER",0,1,"NOT_PROFILABLE"]\n';

// The one error: profile(fn) returns fn's own type, not `any` and not `unknown`.
const WRONG = `import { profile } from 'lineprof';
const length = profile((text: string) => text.length);
const wrong: string = length('abc');
console.log(wrong);
`;
const WRONG_OUTPUT = "main.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n";

interface Setting {
  readonly name: string;
  readonly packageType: 'module' | 'commonjs';
  readonly module: string;
  readonly moduleResolution: string;
  /** The declaration file `lineprof` must resolve to. */
  readonly types: 'index.d.ts' | 'index.d.cts';
}

const SETTINGS: readonly Setting[] = [
  { name: 'ESM nodenext', packageType: 'module', module: 'nodenext', moduleResolution: 'nodenext', types: 'index.d.ts' },
  { name: 'ESM bundler', packageType: 'module', module: 'esnext', moduleResolution: 'bundler', types: 'index.d.ts' },
  { name: 'CommonJS nodenext', packageType: 'commonjs', module: 'nodenext', moduleResolution: 'nodenext', types: 'index.d.cts' },
  { name: 'CommonJS node16', packageType: 'commonjs', module: 'node16', moduleResolution: 'node16', types: 'index.d.cts' },
  // node10 ignores "exports": it reads the top-level "types".
  { name: 'CommonJS node10', packageType: 'commonjs', module: 'commonjs', moduleResolution: 'node10', types: 'index.d.ts' },
];

let root = '';

before(() => {
  root = tempDir();
  // What npm installs: package.json and the "files" it names. A copy, not a link, so that
  // the compiler sees the files under node_modules, as in a real install.
  const installed = path.join(root, 'node_modules/lineprof');
  fs.mkdirSync(installed, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
  for (const entry of manifest.files) {
    fs.cpSync(path.join(ROOT, entry), path.join(installed, entry), { recursive: true });
  }
  // @types/node, which a Node program has and lineprof's declarations refer to.
  fs.mkdirSync(path.join(root, 'node_modules/@types'));
  fs.symlinkSync(path.join(ROOT, 'node_modules/@types/node'), path.join(root, 'node_modules/@types/node'), 'dir');
});

after(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function writeProject(name: string, setting: Setting, experimentalDecorators: boolean, source: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: setting.packageType }));
  const compilerOptions = {
    target: 'ES2022',
    // A Node program's libraries: no DOM (which would also double tsc's time here).
    lib: ['ES2022'],
    module: setting.module,
    moduleResolution: setting.moduleResolution,
    strict: true,
    experimentalDecorators,
    // The strictest consumer: lineprof's own declarations are checked too.
    skipLibCheck: false,
    types: ['node'],
    outDir: 'out',
    rootDir: '.',
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }, null, 2));
  fs.writeFileSync(path.join(dir, 'main.ts'), source);
  return dir;
}

const tsc = (args: readonly string[], dir: string): Promise<Outcome> => node([TSC, ...args, '-p', dir], dir);

// Parsed once for every project: the default libraries and @types/node, the same text
// under every setting (keyed by what the parse depends on).
const sharedFiles = new Map<string, ts.SourceFile>();
const isShared = (file: string): boolean => file.includes('/node_modules/@types/') || path.dirname(file) === path.dirname(ts.getDefaultLibFilePath({}));

/**
 * Type-checks a project as tsc -p would (its tsconfig.json), reporting the diagnostics of
 * its own files and of lineprof's declarations as tsc prints them; with `emit`, writes its
 * output as tsc does.
 */
function check(dir: string, emit: boolean): string {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) })!;
  const host = ts.createCompilerHost(config.options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, fresh) => {
    if (!isShared(file)) return parse(file, language, onError, fresh);
    const settings = typeof language === 'object' ? [language.languageVersion, language.impliedNodeFormat] : [language];
    const key = `${file}\0${settings.join('\0')}`;
    let parsed = sharedFiles.get(key);
    if (!parsed) {
      parsed = parse(file, language, onError, fresh);
      if (parsed) sharedFiles.set(key, parsed);
    }
    return parsed;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const own = program.getSourceFiles().filter((file) => !isShared(file.fileName));
  assert.ok(own.some((file) => file.fileName.includes('/node_modules/lineprof/')), 'lineprof\'s declarations are in the program');
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...own.flatMap((file) => ts.getPreEmitDiagnostics(program, file))];
  if (emit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
  return ts.formatDiagnostics([...new Set(diagnostics)], formatHost);
}

describe('consumer projects type-check', { concurrency: 2 }, () => {
  for (const setting of SETTINGS) {
    for (const experimentalDecorators of [false, true]) {
      const decorators = experimentalDecorators ? 'experimentalDecorators' : 'TC39 decorators';
      test(`${setting.name}, ${decorators}`, async () => {
        const name = `${setting.name}-${decorators}`.replace(/\W+/g, '-').toLowerCase();
        const dir = writeProject(name, setting, experimentalDecorators, CONSUMER);

        const options = ts.convertCompilerOptionsFromJson({ module: setting.module, moduleResolution: setting.moduleResolution }, dir).options;
        // The format the importing file has (node10 knows none: it resolves as it did in 2015).
        const mode = setting.moduleResolution === 'node10' ? undefined : setting.packageType === 'commonjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
        const resolved = ts.resolveModuleName('lineprof', path.join(dir, 'main.ts'), options, ts.sys, undefined, undefined, mode);
        assert.equal(path.relative(root, resolved.resolvedModule?.resolvedFileName ?? ''), path.join('node_modules/lineprof/dist/src', setting.types));

        if (setting.packageType !== 'commonjs') {
          assert.equal(check(dir, false), '');
          return;
        }
        // Compiled to CommonJS and run by plain node: require('lineprof') loads the ES module.
        assert.equal(check(dir, true), '');
        assert.match(fs.readFileSync(path.join(dir, 'out/main.js'), 'utf8'), /require\("lineprof"\)/);
        assert.deepEqual(await node(['out/main.js'], dir), { stdout: CONSUMER_OUTPUT, stderr: '', code: 0 });
      });
    }
  }

  test('ESM nodenext without @types/node: the declarations need no Node types', async () => {
    // No console, process or Buffer here: only what lineprof's declarations bring.
    const source = [
      "import { profile, LineProfiler, type ProfileStats } from 'lineprof';",
      'const double = profile((n: number): number => n * 2);',
      'const stats: ProfileStats = new LineProfiler().getStats();',
      'export const checked: number = double(stats.functions.length);',
      '',
    ].join('\n');
    const dir = writeProject('no-node-types', SETTINGS[0], false, source);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: { types: string[] } };
    config.compilerOptions.types = [];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    assert.deepEqual(await tsc(['--noEmit'], dir), { stdout: '', stderr: '', code: 0 });
  });

  test('a wrong use fails with its exact error', async () => {
    const dir = writeProject('wrong', SETTINGS[0], false, WRONG);
    assert.deepEqual(await tsc(['--noEmit'], dir), { stdout: WRONG_OUTPUT, stderr: '', code: 2 });
    // The in-process check reports it as tsc does.
    assert.equal(check(dir, false), WRONG_OUTPUT);
  });
});

test('index.d.cts exports what index.d.ts exports, values as values and types as types', () => {
  const dist = path.join(ROOT, 'dist/src');
  const files = ['index.d.ts', 'index.d.cts'].map((file) => path.join(dist, file));
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ['node'], noEmit: true });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): string[] => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    return checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => {
        const flags = (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol).flags;
        const kinds = [flags & ts.SymbolFlags.Value ? 'value' : '', flags & ts.SymbolFlags.Type ? 'type' : ''];
        return `${symbol.name}: ${kinds.filter(Boolean).join(' and ')}`;
      })
      .sort();
  };
  const esm = exportsOf(files[0]);
  assert.ok(esm.includes('profile: value') && esm.includes('LineProfiler: value and type'), esm.join(', '));
  assert.deepEqual(exportsOf(files[1]), esm);
  assert.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
});
