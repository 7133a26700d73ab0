// Errors that lineprof's loader raises inside the profiled program (a TypeScript syntax
// error, say) must look like Node's own: `file:line`, the source line, a caret, a blank
// line, then `SyntaxError: message`, and no stack frames of lineprof's.

import { isLineprofError, type SourceLocation } from '../errors.js';

export function programSyntaxError(source: string, location: SourceLocation): SyntaxError {
  const text = source.split(/\r\n|[\n\r]/)[location.line - 1] ?? '';
  const error = new SyntaxError(location.message);
  error.stack = `${location.file}:${location.line}\n${text}\n${' '.repeat(location.column)}^\n\nSyntaxError: ${location.message}`;
  return error;
}

/**
 * Code to run in place of a module that does not parse: it prints the error as Node
 * prints an uncaught SyntaxError and exits 1, as `node` does for a broken entry file.
 * (Thrown from the loader instead, the error would carry lineprof's own frames.)
 */
export function syntaxErrorModule(error: SyntaxError): string {
  const text = `${error.stack}\n\nNode.js ${process.version}\n`;
  return `process.stderr.write(${JSON.stringify(text)});process.exit(1);\n`;
}

/** Turns a located LineprofError from the instrumenter into Node's shape; other errors pass. */
export function asProgramError(error: unknown, source: string): unknown {
  if (isLineprofError(error) && error.location) return programSyntaxError(source, error.location);
  return error;
}
