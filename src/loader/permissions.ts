// Node's permission model (`--permission`, Node 20's `--experimental-permission`): a
// process that runs under it may be denied what lineprof needs. Asked before anything is
// set up, so that such a program runs exactly as without lineprof and one line says what
// to allow, rather than failing piecemeal (a denied worker, an addon that does not load,
// results that cannot be written at the end).

import type { EngineName } from '../stats/model.js';

interface Permission {
  has(scope: string, reference?: string): boolean;
}

export interface Needs {
  /** The result file (or part file) this process writes. */
  readonly output: string;
  readonly engine: EngineName;
  /** Node 20's ES module hooks run in a thread of their own (module.register). */
  readonly hooksThread: boolean;
}

/** Node's `addon` scope (--allow-addons) exists from Node 22 on; on 20 addons are tried. */
const ADDON_SCOPE = Number(process.versions.node.split('.')[0]) >= 22;

/** What the permission model denies of what lineprof needs, as one sentence; undefined if nothing (or no permission model). */
export function deniedNeeds(needs: Needs): string | undefined {
  const permission = (process as { permission?: Permission }).permission;
  if (permission === undefined) return undefined;
  const denied: string[] = [];
  if (!permission.has('fs.write', needs.output)) denied.push(`writing its results to ${needs.output} (--allow-fs-write)`);
  if ((needs.hooksThread || needs.engine === 'sampled') && !permission.has('worker')) {
    denied.push(needs.engine === 'sampled' ? "worker threads, which the sampled engine's sampler is (--allow-worker)" : "worker threads, which Node 20's module hooks run in (--allow-worker)");
  }
  if (ADDON_SCOPE && !permission.has('addon')) denied.push("native addons, which lineprof's parser is (--allow-addons)");
  return denied.length === 0 ? undefined : `Node's permission model denies what lineprof needs: ${denied.join('; ')}`;
}
