// oxc-parser's parseSync with the fastest AST transfer this process supports. Pure apart
// from one cached flag: whether raw transfer is available, decided once per process.
// Must not change what a caller sees: the raw-transfer AST, comments, module record and
// errors equal the JSON ones (same fields, same order, same UTF-16 offsets).
//
// Why: with JSON transfer, oxc serialises the AST to a string that JSON.parse rebuilds,
// about two thirds of instrument()'s time on a large file. Raw transfer hands JS the
// parser's own arena, which a generated deserializer reads directly (on typescript.js, 4x
// faster warm, 2x on a process's first parse, which also fills a fresh buffer). It
// needs a 64-bit little-endian platform and Node >= 22 (an ArrayBuffer over 4 GiB: it
// reserves 6 GiB of address space, touching only the pages the AST fills); elsewhere
// oxc-parser throws at once, so we ask `rawTransferSupported()` first.
//
// What oxc-parser keeps meanwhile (its state, not ours): the buffer, cached for reuse
// with the pages the last AST filled (~220 MB after typescript.js's 9 MB), released by an
// unref'd 10 s timer to a WeakRef that the next GC clears.

import { parseSync, rawTransferSupported, type ParseResult, type ParserOptions } from 'oxc-parser';

// oxc-parser 0.159's typings declare neither option (its runtime reads both).
type RawTransferOptions = ParserOptions & { experimentalRawTransfer?: boolean; experimentalLazy?: boolean };

/** What a lazy parse returns, as far as we use it: getters that read the buffer. */
interface LazyParseResult {
  readonly module: { readonly hasModuleSyntax: boolean };
  /** Hands the buffer back to oxc-parser's cache (else only a GC would). */
  dispose(): void;
}

/** Undefined until the first parse; false once raw transfer is known not to work here. */
let useRawTransfer: boolean | undefined;

/**
 * Raw transfer only from this many characters on, of the file or of all the process has
 * parsed: its first parse costs ~13 ms (oxc-parser allocates its buffer and loads and
 * warms the deserializer; a 5 kB file then took 3-4 ms against 0.5 ms through JSON, Node
 * 24 here), what JSON transfer takes for about 200 kB. A small program never pays it.
 */
const RAW_TRANSFER_FROM = 256 * 1024;
let parsedChars = 0;

/** Whether this parse goes through raw transfer. */
function rawFor(source: string): boolean {
  parsedChars += source.length;
  return (source.length >= RAW_TRANSFER_FROM || parsedChars >= RAW_TRANSFER_FROM) && astTransfer() === 'raw';
}

/** How this process transfers the AST of a large parse: 'raw' or 'json' (for benchmarks and logs). */
export function astTransfer(): 'raw' | 'json' {
  useRawTransfer ??= rawTransferSupported();
  return useRawTransfer ? 'raw' : 'json';
}

/**
 * parseSync(file, source, options) through raw transfer when the platform has it, else
 * through JSON. A raw-transfer parse that throws (the address space reservation refused,
 * say under `ulimit -v`, or a source too long for its buffer) is done again through JSON,
 * so it fails only if that fails too; raw transfer is then off for the process, since a
 * refused reservation would be refused again at every file.
 */
export function parseSource(file: string, source: string, options: ParserOptions): ParseResult {
  if (rawFor(source)) {
    const rawOptions: RawTransferOptions = { ...options, experimentalRawTransfer: true };
    try {
      return parseSync(file, source, rawOptions);
    } catch {
      useRawTransfer = false;
    }
  }
  return parseSync(file, source, options);
}

/**
 * parseSync(file, source, options).module.hasModuleSyntax, for a caller that needs only
 * that flag. With raw transfer, oxc-parser's lazy mode reads it from the parser's buffer
 * and builds no AST (about 8x faster than JSON transfer on a 9 MB file, which serialises
 * the whole AST even when `program` is never read). Falls back as parseSource does.
 */
export function hasModuleSyntax(file: string, source: string, options: ParserOptions): boolean {
  if (rawFor(source)) {
    const lazyOptions: RawTransferOptions = { ...options, experimentalLazy: true };
    try {
      const lazy = parseSync(file, source, lazyOptions) as unknown as LazyParseResult;
      try {
        return lazy.module.hasModuleSyntax;
      } finally {
        lazy.dispose();
      }
    } catch {
      useRawTransfer = false;
    }
  }
  return parseSync(file, source, options).module.hasModuleSyntax;
}
