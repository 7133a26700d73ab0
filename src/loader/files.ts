// Which files lineprof instruments, what language and module kind each one is, and the
// short key that names a file inside instrumented code. Reads package.json files (cached).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileGlob } from '../glob.js';
import type { SourceLang } from '../instrument/instrument.js';

/** lineprof's own compiled code (dist/): never instrumented. */
const OWN_CODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FileRules {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly cwd: string;
}

export type FileMatcher = (filename: string) => boolean;

/**
 * The program's own files: everything outside node_modules and lineprof itself, plus
 * files matched by `include`, minus files matched by `exclude`. Globs are relative to cwd.
 */
export function fileMatcher(rules: FileRules): FileMatcher {
  const include = rules.include.length > 0 ? compileGlob(rules.include, { dot: true }) : () => false;
  const exclude = rules.exclude.length > 0 ? compileGlob(rules.exclude, { dot: true }) : () => false;
  return (filename) => {
    if (!path.isAbsolute(filename)) return false;
    if (filename.startsWith(OWN_CODE + path.sep)) return false;
    const relative = path.relative(rules.cwd, filename).split(path.sep).join('/');
    if (exclude(relative) || exclude(filename)) return false;
    if (include(relative) || include(filename)) return !isOwnDependency(filename);
    return !filename.split(path.sep).includes('node_modules');
  };
}

/**
 * Whether a file belongs to a package lineprof itself runs (oxc-parser, magic-string,
 * esbuild, ... and what they depend on): never instrumented, whatever --include says.
 * lineprof would time itself, and on Node 20 the hooks thread, instrumenting the parser
 * it is loading, never finished (`--include 'node_modules/**'` hung a program at its
 * first import). Found once, when an --include pattern first picks a file.
 */
function isOwnDependency(filename: string): boolean {
  ownDependencies ??= dependencyDirs();
  for (const dir of ownDependencies) if (filename.startsWith(dir + path.sep)) return true;
  return false;
}

let ownDependencies: string[] | undefined;

/** The folders of lineprof's dependencies, transitively, as installed (real paths). */
function dependencyDirs(): string[] {
  const found = new Set<string>();
  const visit = (packageDir: string): void => {
    let manifest: { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    } catch {
      return;
    }
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      // Where Node would find it from packageDir: its own node_modules, then each parent's.
      for (let dir = packageDir; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'node_modules', name);
        if (fs.existsSync(path.join(candidate, 'package.json'))) {
          const real = fs.realpathSync(candidate);
          if (!found.has(real)) {
            found.add(real);
            visit(real);
          }
          break;
        }
        if (path.dirname(dir) === dir) break;
      }
    }
  };
  visit(path.dirname(OWN_CODE));
  return [...found];
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export function isTypeScript(filename: string): boolean {
  return TS_EXTENSIONS.has(path.extname(filename));
}

const { apply } = Reflect;
const { endsWith } = String.prototype;
const TS_ENDINGS = ['.ts', '.mts', '.cts', '.tsx'];

const { includes } = String.prototype;

/**
 * A test that needs none of the program's built-ins (runs before lineprof's are put back,
 * pristine.ts) and is true only of modules the loader leaves as they are: JavaScript in
 * node_modules when no --include pattern could pick it.
 */
export function plainDependency(include: readonly string[]): (url: string) => boolean {
  if (include.length > 0) return () => false;
  return (url) => apply(includes, url, ['/node_modules/']) && !isTypeScriptAsLoaded(url);
}

/** isTypeScript with the built-ins lineprof took at load: for code that runs before lineprof's own are put back (pristine.ts). */
export function isTypeScriptAsLoaded(filename: string): boolean {
  for (let i = 0; i < TS_ENDINGS.length; i++) if (apply(endsWith, filename, [TS_ENDINGS[i]])) return true;
  return false;
}

export function langOf(filename: string): SourceLang {
  switch (path.extname(filename)) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts';
    case '.tsx':
      return 'tsx';
    case '.jsx':
      return 'jsx';
    default:
      return 'js';
  }
}

/**
 * A short key unique to a path, used in the identifiers instrumented code declares: 52
 * bits of two FNV-1a hashes of its UTF-16 units (node:crypto's sha1 took ~12 ms of every
 * profiled process's start-up, to load; a collision among a process's files is ~1e-9 even
 * with 10,000 of them).
 */
export function fileKeyOf(filename: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < filename.length; i++) {
    const unit = filename.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (a >>> 15);
  }
  return ((a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff)).toString(36);
}

const packageTypes = new Map<string, string | undefined>();

/** The `type` of the nearest package.json ('module', 'commonjs' or undefined). */
export function packageTypeOf(filename: string): string | undefined {
  const dir = path.dirname(filename);
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type: string | undefined;
  const manifest = path.join(dir, 'package.json');
  let found = false;
  try {
    const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: unknown };
    type = typeof parsed.type === 'string' ? parsed.type : undefined;
    found = true;
  } catch {
    found = fs.existsSync(manifest);
  }
  if (!found && path.dirname(dir) !== dir) type = packageTypeOf(dir);
  packageTypes.set(dir, type);
  return type;
}

export type ModuleKind = 'module' | 'commonjs' | 'detect';

/**
 * How Node would treat a file (TypeScript as Node 22+ treats it when stripping types):
 * by extension, else by package.json `type`, else by the syntax it uses.
 */
export function moduleKindOf(filename: string): ModuleKind {
  const ext = path.extname(filename);
  if (ext === '.mjs' || ext === '.mts') return 'module';
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  const type = packageTypeOf(filename);
  if (type === 'module') return 'module';
  if (type === 'commonjs') return 'commonjs';
  return 'detect';
}

/** A module's source as a load hook gets it (a string, or UTF-8 bytes), as text. */
export function textOf(source: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof source === 'string') return source;
  if (source instanceof ArrayBuffer) return Buffer.from(source).toString('utf8');
  return Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8');
}
