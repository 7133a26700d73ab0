// The config file: options of `run`, `exec` and `show` set once for a project, as
// kernprof's `[tool.line_profiler]`. Found from the current directory up to the project's
// root (the first folder with a package.json or a lineprof.config.json): there,
// lineprof.config.json, or else package.json's `lineprof` key. `--config FILE` names one;
// `--no-config` reads none. Keys are the long options in camelCase; the command line
// overrides each. A bad file is one LineprofError naming the file and the key.

import fs from 'node:fs';
import path from 'node:path';
import { LineprofError } from '../errors.js';

/** The options a config may set, by key, with the commands they apply to. */
const KEYS = {
  func: { kind: 'strings', commands: ['run', 'exec'] },
  include: { kind: 'strings', commands: ['run', 'exec'] },
  exclude: { kind: 'strings', commands: ['run', 'exec'] },
  all: { kind: 'boolean', commands: ['run', 'exec'] },
  engine: { kind: ['exact', 'sampled'], commands: ['run', 'exec'] },
  interval: { kind: 'integer', commands: ['run', 'exec'] },
  compensate: { kind: 'boolean', commands: ['run', 'exec'] },
  outputInterval: { kind: 'number', commands: ['run', 'exec'] },
  outfile: { kind: 'string', commands: ['run', 'exec'] },
  view: { kind: 'boolean', commands: ['run', 'exec'] },
  quiet: { kind: 'boolean', commands: ['run', 'exec'] },
  unit: { kind: 'number', commands: ['run', 'exec', 'show'] },
  skipZero: { kind: 'boolean', commands: ['run', 'exec', 'show'] },
  sort: { kind: 'boolean', commands: ['run', 'exec', 'show'] },
  top: { kind: 'integer', commands: ['run', 'exec', 'show'] },
  summary: { kind: 'boolean', commands: ['run', 'exec', 'show'] },
  max: { kind: 'boolean', commands: ['run', 'exec', 'show'] },
  color: { kind: 'boolean', commands: ['run', 'exec', 'show'] },
  format: { kind: ['text', 'html', 'json', 'lcov', 'pprof', 'speedscope', 'cpuprofile'], commands: ['show'] },
} as const satisfies Record<string, { kind: Kind; commands: readonly string[] }>;

type Kind = 'strings' | 'string' | 'boolean' | 'integer' | 'number' | readonly string[];

export type ConfigKey = keyof typeof KEYS;
export type ConfigValues = Partial<Record<ConfigKey, string | string[] | number | boolean>>;

export interface Config {
  readonly file: string;
  readonly values: ConfigValues;
}

/** Where `run`, `exec` and `show` look for their config (argv.ts calls it; main supplies the folder). */
export type ConfigLoader = (explicit: string | undefined) => Config | undefined;

const CONFIG_FILE = 'lineprof.config.json';

/** The config for a process in `cwd`: `explicit` (relative to cwd), or the nearest one, or none. */
export function loadConfig(cwd: string, explicit: string | undefined): Config | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    const parsed = readJson(file);
    if (path.basename(file) !== 'package.json') return { file, values: validate(file, parsed) };
    return { file, values: validate(file, packageKey(file, parsed) ?? {}, 'lineprof.') };
  }
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const own = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(own)) return { file: own, values: validate(own, readJson(own)) };
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const values = packageKey(manifest, readJson(manifest));
      return values === undefined ? undefined : { file: manifest, values: validate(manifest, values, 'lineprof.') };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The keys of `config` that apply to `command`. */
export function valuesFor(config: Config, command: string): ConfigValues {
  const entries = Object.entries(config.values).filter(([key]) => (KEYS[key as ConfigKey].commands as readonly string[]).includes(command));
  return Object.fromEntries(entries) as ConfigValues;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LineprofError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LineprofError('USAGE', `${file}: not valid JSON (${(error as Error).message})`);
  }
}

function packageKey(file: string, manifest: unknown): unknown {
  if (!isRecord(manifest)) throw new LineprofError('USAGE', `${file}: not a JSON object`);
  return manifest.lineprof;
}

function validate(file: string, values: unknown, prefix = ''): ConfigValues {
  if (!isRecord(values)) throw new LineprofError('USAGE', `${file}: ${prefix ? `"${prefix.slice(0, -1)}" is` : 'the config is'} not a JSON object`);
  const valid: ConfigValues = {};
  for (const [key, value] of Object.entries(values)) {
    const where = `${file}: "${prefix}${key}"`;
    if (!Object.hasOwn(KEYS, key)) throw new LineprofError('USAGE', `${where}: not an option (${Object.keys(KEYS).join(', ')})`);
    const why = problem(KEYS[key as ConfigKey].kind, value);
    if (why !== undefined) throw new LineprofError('USAGE', `${where}: ${why}`);
    valid[key as ConfigKey] = KEYS[key as ConfigKey].kind === 'strings' && typeof value === 'string' ? [value] : (value as string | string[] | number | boolean);
  }
  return valid;
}

/** What is wrong with `value` for `kind`, or undefined. */
function problem(kind: Kind, value: unknown): string | undefined {
  if (typeof kind !== 'string') return kind.includes(value as string) ? undefined : `must be one of ${kind.map((k) => `"${k}"`).join(', ')}`;
  switch (kind) {
    case 'strings':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')) ? undefined : 'must be a string or a list of strings';
    case 'string':
      return typeof value === 'string' && value !== '' ? undefined : 'must be a non-empty string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer':
      return Number.isInteger(value) && (value as number) > 0 ? undefined : 'must be a positive integer';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'must be a positive number';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
