// lineprof's debug log: `NODE_DEBUG=lineprof` prints it to stderr, as Node's own
// subsystems do. Every error the loader swallows (to keep the program running unprofiled
// rather than stop it) is logged here, so that a file left unprofiled can be explained.

import { debuglog } from 'node:util';

export const debug = debuglog('lineprof');
