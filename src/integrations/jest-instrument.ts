// What `lineprof/jest` does to one file jest transforms, once lineprof is known to be
// active in the process: the rules the loader applies to files Node loads (the program's
// own files, the engine and probe plan of this run), on the file's original source, with
// the source map inline for the transformer that runs next. Loaded only then (it brings
// in the instrumenter and oxc-parser), so that a jest run without lineprof pays nothing
// for the transformer. No output; reads only lineprof's own files (for the cache salt).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineprofError } from '../errors.js';
import { instrument } from '../instrument/instrument.js';
import type { LoaderConfig } from '../loader/config.js';
import { fileKeyOf, fileMatcher, langOf } from '../loader/files.js';
import { probePlan } from '../loader/plan.js';
import { runtimeDeclaration } from '../protocol.js';

export interface JestFileInstrumenter {
  /** Whether a file gets probes: the program's own, by the loader's rules. */
  readonly owns: (filename: string) => boolean;
  /**
   * The source with probes and its source map inline; null to hand the source on as it
   * is (nothing to instrument, or it does not parse: the next transformer reports that).
   */
  readonly instrument: (source: string, filename: string) => string | null;
  /**
   * What instrumented output depends on besides the source and its path: lineprof's
   * version and instrumenter, the engine and the probe plan.
   */
  readonly cacheSalt: string;
}

const INSTRUMENT_DIR = fileURLToPath(new URL('../instrument/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));

export function jestFileInstrumenter(config: LoaderConfig, cwd: string): JestFileInstrumenter {
  const owns = fileMatcher({ include: config.include, exclude: config.exclude, cwd });
  const plan = probePlan(config, cwd);
  return {
    owns,
    cacheSalt: cacheSalt(config, cwd),
    instrument(source, filename) {
      const ext = path.extname(filename);
      const lang = langOf(filename);
      let result;
      try {
        result = instrument(source, {
          file: filename,
          // The source is part of the key: a file jest evaluates again in the same process
          // after it changed (watch mode) registers a table of its own, while the same
          // source evaluated again (each test file's module registry, resetModules,
          // isolateModules) adds up in the first one.
          fileKey: fileKeyOf(`${filename}\n${source}`),
          lang,
          // The inner transformer decides what the module becomes; lineprof only parses it.
          sourceType: ext === '.mjs' || ext === '.mts' ? 'module' : ext === '.cjs' ? 'commonjs' : 'unambiguous',
          sourceMap: true,
          // babel-plugin-jest-hoist accepts an instrumented jest.mock() factory only so, and
          // the factories that the file's hoisted imports call are recorded only so.
          mockSafe: true,
          ...plan,
        });
      } catch (error) {
        if (error instanceof LineprofError && error.code === 'SYNTAX') return null;
        throw error;
      }
      if (!result.map) return null;
      // A transformer that type-checks (ts-jest's default mode) sees the probes' global.
      const declaration = lang === 'ts' || lang === 'tsx' ? `\n${runtimeDeclaration(result.hasModuleSyntax)}` : '';
      return `${result.code}${declaration}\n//# sourceMappingURL=${result.map.toUrl()}\n`;
    },
  };
}

function cacheSalt(config: LoaderConfig, cwd: string): string {
  const hash = createHash('sha1');
  const { version } = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
  hash.update(`lineprof ${version}\n`);
  // The instrumenter's own code, so that a changed lineprof of the same version (a
  // development build) does not reuse jest's cache entries of the previous one.
  for (const name of fs.readdirSync(INSTRUMENT_DIR).filter((file) => file.endsWith('.js')).sort()) {
    hash.update(name).update('\0').update(fs.readFileSync(path.join(INSTRUMENT_DIR, name))).update('\0');
  }
  // The probe plan is data (instrument()'s options): under the sampled engine it names
  // the functions that get inline probes.
  hash.update(JSON.stringify(probePlan(config, cwd)));
  return hash.digest('hex');
}
