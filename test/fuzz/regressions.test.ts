// Minimal reproductions of what the fuzzer found, each run plain and instrumented in
// this process (run-program.ts): both runs must log and throw the same. While one fails,
// fuzz.test.ts leaves its construct out of the generated programs (KNOWN_BUGS).

import { test } from 'node:test';
import { assertSameBehaviour } from '../instrument/run-program.js';

// The static block's body is found by searching for `{` from the `static` keyword, so a
// comment holding `{` between the two receives the entry probe: the instrumented program
// does not compile (SyntaxError: Unexpected token '{'); with the `{` elsewhere in the
// comment, the probe text is swallowed and `$lp_f is not defined` is thrown instead.
test('a comment holding { between static and its block', async () => {
  await assertSameBehaviour(`class A {
  static /*{*/ {
    log('static block ran')
  }
}
log('after')`);
});

// A TypeError's message quotes the failing expression; for one the instrumenter wrapped
// (`await x` -> `$lp_f.r(await $lp_f.a(x))`, likewise `yield`) it names the probe.
// Plain: "(intermediate value) is not a function"; instrumented: "$lp_f.r(...) is not a
// function", and "$lp_f.r is not a function or its return value is not iterable".
test('an error message about an awaited or yielded value does not name a probe', async () => {
  await assertSameBehaviour(`async function call(x) { return (await x)() }
async function iterate(x) { for (const item of await x) log(item) }
function* resume() { for (const item of yield) log(item) }
const it = resume()
it.next()
try { it.next(3) } catch (error) { log(error.message) }
return call(3)
  .catch((error) => log(error.message))
  .then(() => iterate(3))
  .catch((error) => log(error.message))`);
});
