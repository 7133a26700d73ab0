// What `lineprof/vitest` does to one module Vite transforms for vitest, once lineprof is
// known to be active: the rules the loader applies to files Node loads (the program's own
// files, the engine and probe plan of this run), on the module's original source. Loaded
// only then (it brings in the instrumenter and oxc-parser), so that a vitest run without
// lineprof pays nothing for the plugin. No file reads, no output.

import path from 'node:path';
import { LineprofError } from '../errors.js';
import { instrument } from '../instrument/instrument.js';
import type { LoaderConfig } from '../loader/config.js';
import { fileKeyOf, fileMatcher, langOf } from '../loader/files.js';
import { probePlan } from '../loader/plan.js';

/** A source map as Vite takes it from a plugin (version 3, plain data). */
export interface SourceMapJson {
  readonly version: number;
  readonly file?: string;
  readonly sources: string[];
  readonly sourcesContent?: (string | null)[];
  readonly names: string[];
  readonly mappings: string;
}

export interface ViteTransformOutput {
  readonly code: string;
  readonly map: SourceMapJson;
}

export interface ModuleInstrumenter {
  /** Whether the module is one of the program's own source files (a file lineprof instruments). */
  readonly isOwnModule: (id: string) => boolean;
  /** The instrumented code and its map, or null to leave the module as it is. */
  readonly instrument: (code: string, id: string) => ViteTransformOutput | null;
}

const SOURCE_FILE = /\.[cm]?[jt]sx?$/;

export function moduleInstrumenter(config: LoaderConfig, cwd: string): ModuleInstrumenter {
  const isOwnFile = fileMatcher({ include: config.include, exclude: config.exclude, cwd });
  const plan = probePlan(config, cwd);
  // Virtual modules (`\0...`, `/@...`) and ids with a query (`?raw`, `?url`, `?worker`)
  // are not a file's source as it stands.
  const isOwnModule = (id: string): boolean =>
    !id.startsWith('\0') && !id.startsWith('/@') && !id.includes('?') && SOURCE_FILE.test(id) && isOwnFile(path.normalize(id));
  return {
    isOwnModule,
    instrument(code, id) {
      if (!isOwnModule(id)) return null;
      const file = path.normalize(id);
      let result;
      try {
        result = instrument(code, {
          file,
          // The source is part of the key: a module that vitest evaluates again in the same
          // worker after it changed (watch mode without isolation) registers a table of its
          // own, while the same source evaluated again adds up in the first one.
          fileKey: fileKeyOf(`${file}\n${code}`),
          lang: langOf(file),
          // Vite's module runner evaluates every module it transforms as an ES module.
          sourceType: 'module',
          sourceMap: true,
          ...plan,
        });
      } catch (error) {
        // A module that does not parse goes on unchanged, for Vite to report as it would.
        if (error instanceof LineprofError && error.code === 'SYNTAX') return null;
        throw error;
      }
      const map = result.map;
      if (!map) return null;
      return {
        code: result.code,
        map: { version: map.version, file: map.file, sources: map.sources, sourcesContent: map.sourcesContent, names: map.names, mappings: map.mappings },
      };
    },
  };
}
