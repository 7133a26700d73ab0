// Minimal reproductions of what the fuzzer found, each run plain and instrumented in
// this process (run-program.ts): both runs must log and throw the same. All three failed
// before commit 44c23be. While one fails, the fuzzer can leave its construct out of the
// generated programs (KNOWN_BUGS in campaign.ts) so that it finds new ones.

import { test } from 'node:test';
import { assertSameBehaviour } from '../instrument/run-program.js';

// The static block's body was found by searching for `{` from the `static` keyword, so a
// comment holding `{` between the two received the entry probe: the instrumented program
// did not compile (SyntaxError: Unexpected token '{'), or, with more in the comment after
// the `{`, the probe text was swallowed and `$lp_f is not defined` thrown instead.
test('a comment holding { between static and its block', async () => {
  await assertSameBehaviour(`class A {
  static /*{*/ {
    log('static block ran')
  }
}
log('after')`);
});

// In a function that declares a function (no try/finally around its body), `return`
// without a value or semicolon, alone as an `if`/loop body on its own line, got braces
// and then its exit probe after the closing brace: `{$lp_f.l(3);return} $lp_f.v()`.
// With an `else` (or `while` of a do-while) after it the program no longer compiled
// (SyntaxError: Unexpected token 'else'); otherwise the exit probe ran on the path that
// did not return. Found by the fuzzer as seeds 116803, 138208 and 138295.
test('a bare return without semicolon as a braceless body, in a function that declares a function', async () => {
  await assertSameBehaviour(`function choose(a) {
  function helper() {}
  if (a)
    return
  else log('else')
  log('after', a)
}
function loop() {
  function helper() {}
  let i = 0
  do
    return
  while (i++ < 3)
}
choose(0)
choose(1)
loop()
log('done')`);
});

// A TypeError's message quotes the failing expression; for one the instrumenter wrapped
// (`await x` -> `$lp_f.r(await $lp_f.a(x))`, likewise `yield`) it named the probe.
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
