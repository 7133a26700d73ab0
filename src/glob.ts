// File and name globs (picomatch), loaded on first use: most profiled processes give no
// --func, --include or --exclude pattern, and picomatch is six modules every one of them
// would otherwise load at start-up.

import { createOwnRequire } from './own-require.js';
import type picomatchModule from 'picomatch';

const require = createOwnRequire(import.meta.url);

export type GlobTest = (text: string) => boolean;

export function compileGlob(patterns: string | readonly string[], options: picomatchModule.PicomatchOptions): GlobTest {
  const picomatch = require('picomatch') as typeof picomatchModule;
  return picomatch(patterns as string | string[], options);
}
