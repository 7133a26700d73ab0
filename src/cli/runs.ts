// Picks a labelled run out of a result file, for `show --run` and `diff --runs`. Pure: it
// must not read files or print; an unknown label is a one-line LineprofError naming the
// file and the labels it does have, so the user can retype without opening the file.

import { LineprofError } from '../errors.js';
import { mergeStats } from '../stats/merge.js';
import type { ProfileResult, ProfileStats } from '../stats/model.js';

/** The stats of the run labelled `label`; runs sharing a label are one run, so they are summed. */
export function selectRun(result: ProfileResult, label: string, file: string): ProfileStats {
  const matching = result.runs.filter((run) => run.label === label);
  if (matching.length === 0) {
    const labels = [...new Set(result.runs.map((run) => run.label))];
    const known = labels.length === 0 ? 'none' : labels.join(', ');
    throw new LineprofError('NOT_FOUND', `${file}: no run labelled '${label}' (runs: ${known})`);
  }
  return matching.length === 1 ? matching[0].stats : mergeStats(...matching.map((run) => run.stats));
}
