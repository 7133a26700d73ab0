// Where a specifier that Node could not resolve may still be found, for both hook
// adapters: TypeScript's convention of importing `./x.js` for `./x.ts` (and .mjs/.mts,
// .cjs/.cts, .jsx/.tsx) or `./x` for `./x.ts`, and `lineprof` itself for a program that does not install it
// (run through npx or a global install). Only asked after Node's own resolution failed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** This copy's public entry point. */
export const OWN_INDEX_URL = new URL('../index.js', import.meta.url).href;

const TS_COUNTERPARTS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * An extensionless specifier (`./helper`, as TypeScript's node10 and bundler resolution
 * write them; Node 20's require() found them through lineprof's .ts extension handlers).
 */
const EXTENSIONLESS = ['.ts', '.tsx', `${path.sep}index.ts`, `${path.sep}index.tsx`];

/** A file: URL to use instead, or undefined to let Node's error stand. */
export function fallbackResolution(specifier: string, parentURL: string | undefined): string | undefined {
  if (specifier === 'lineprof') return OWN_INDEX_URL;
  if (!parentURL?.startsWith('file:') || !(specifier.startsWith('./') || specifier.startsWith('../'))) return undefined;
  const target = fileURLToPath(new URL(specifier, parentURL));
  const ext = path.extname(target);
  const counterparts = TS_COUNTERPARTS[ext];
  const candidates = counterparts
    ? counterparts.map((candidate) => target.slice(0, -ext.length) + candidate)
    : EXTENSIONLESS.map((suffix) => target + suffix);
  const found = candidates.find((file) => isFile(file));
  return found === undefined ? undefined : pathToFileURL(found).href;
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

export type ResolutionPlan =
  /** Node's resolution alone: lineprof has nothing else to offer, so Node's error stands as it is. */
  | { readonly kind: 'node' }
  /** This file, without asking Node: the specifier names a file that does not exist, and this one does. */
  | { readonly kind: 'instead'; readonly url: string }
  /** Node's resolution, then fallbackResolution() if it fails. */
  | { readonly kind: 'fallback' };

/**
 * Decided before Node resolves, so that a resolve hook needs no catch (and adds no
 * rethrow of its own to Node's error) where no alternative exists: a relative specifier
 * with an extension names one file, which Node finds if it exists.
 */
export function resolutionPlan(specifier: string, parentURL: string | undefined): ResolutionPlan {
  if (specifier === 'lineprof') return { kind: 'fallback' };
  if (!parentURL?.startsWith('file:') || !(specifier.startsWith('./') || specifier.startsWith('../'))) return { kind: 'node' };
  const target = fileURLToPath(new URL(specifier, parentURL));
  const ext = path.extname(target);
  if (!TS_COUNTERPARTS[ext]) return ext === '' ? { kind: 'fallback' } : { kind: 'node' };
  if (isFile(target)) return { kind: 'node' };
  const url = fallbackResolution(specifier, parentURL);
  return url === undefined ? { kind: 'node' } : { kind: 'instead', url };
}
