// `node --import lineprof/register app.js` with LINEPROF=1: the same setup as
// `lineprof run`, for launch commands of the user's own (npm scripts, test runners).
import { setup } from './setup.js';

setup();
