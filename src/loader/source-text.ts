// fn.toString() of an instrumented function returns its original text, as without
// lineprof: programs send functions' text elsewhere (worker pools, a browser through
// puppeteer's evaluate, `new Function(...)`), where probes would name identifiers that
// do not exist. Function.prototype.toString is replaced by a method that asks the native
// one first and, only when the text holds an entry probe, maps it back: the file is
// instrumented again (instrument() is deterministic, and the registration call recorded
// how), the text is found in that code, and its two ends are mapped to source offsets.
// TypeScript is re-printed by esbuild after instrumenting, so its text is left as is.

import type { SourceLang } from '../instrument/instrument.js';
import { originalOffsetOf, type Splices } from '../instrument/insertions.js';
import { ENTER_PATTERN } from '../protocol.js';
import type { RegisteredFile } from '../runtime/registry.js';
import type { Runtime } from '../runtime/runtime.js';
import { instrumentModule } from './lazy.js';
import type { ProbePlan } from './plan.js';
import { debug } from './debug.js';
import { adoptBuiltin, withPristineBuiltins } from '../runtime/pristine.js';

// Taken at load: the replacement runs where the program's built-ins are in place.
const { apply } = Reflect;
const { includes } = String.prototype;

interface Reinstrumented {
  readonly code: string;
  readonly source: string;
  readonly splices: Splices;
}

export function installOriginalToString(runtime: Runtime, plan: ProbePlan): void {
  const native = Function.prototype.toString;
  const files = new Map<string, Reinstrumented | null>();

  const original = (text: string): string => {
    ENTER_PATTERN.lastIndex = 0;
    const match = ENTER_PATTERN.exec(text);
    if (!match) return text;
    const key = match[1];
    let again = files.get(key);
    if (again === undefined) {
      again = reinstrument(runtime.registry.fileOf(key), plan);
      files.set(key, again);
    }
    if (!again) return text;
    const at = again.code.indexOf(text);
    if (at < 0) return text;
    return again.source.slice(originalOffsetOf(again.splices, at), originalOffsetOf(again.splices, at + text.length));
  };

  // A method: like the native toString it has no prototype and is not a constructor. It
  // runs in the program's calls, with the program's built-ins: only those taken here, and
  // the mapping itself with lineprof's (pristine.ts).
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return apply(native, native, []) as string;
      const text = apply(native, this, []) as string;
      return apply(includes, text, ['__lineprof.']) ? withPristineBuiltins(() => original(text)) : text;
    },
  }.toString;
  Object.defineProperty(Function.prototype, 'toString', { value: replacement, writable: true, enumerable: false, configurable: true });
  adoptBuiltin(Function.prototype, 'toString');
}

function reinstrument(file: RegisteredFile | undefined, plan: ProbePlan): Reinstrumented | null {
  if (!file) return null;
  const [lang, sourceType, engine, mock] = file.options.split(' ');
  if (lang !== 'js' && lang !== 'jsx') return null;
  try {
    const source = file.source();
    const instrumenter = instrumentModule();
    if (!instrumenter) return null;
    const result = instrumenter.instrument(source, {
      file: file.file,
      fileKey: file.key,
      lang: lang as SourceLang,
      sourceType: sourceType as 'module' | 'script' | 'commonjs' | 'unambiguous',
      ...(mock === 'mock' ? { mockSafe: true } : {}),
      ...plan,
      engine: engine === 'sampled' ? 'sampled' : 'exact',
    });
    return { code: result.code, source, splices: result.splices };
  } catch (error) {
    debug('%s: toString() keeps the instrumented text (%s)', file.file, (error as Error).message);
    return null;
  }
}
