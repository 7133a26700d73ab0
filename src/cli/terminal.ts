// Where a command's report goes, as main knows it, and whether it may be coloured. Small
// and free of the renderers, so that `run` can import it while the program runs.

import type { ReportOptions } from './argv.js';

/** What main knows about where the report goes; passed in so that nothing here reads globals. */
export interface Terminal {
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Colour only for a person at a terminal who has not asked otherwise (https://no-color.org). */
export function wantsColor(options: Pick<ReportOptions, 'color'>, terminal: Terminal): boolean {
  const noColor = terminal.env.NO_COLOR;
  return options.color && terminal.stdoutIsTTY && (noColor === undefined || noColor === '');
}
