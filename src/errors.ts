// The one error type lineprof raises for bad input. The CLI is the only place that
// catches it and prints `lineprof: <message>` without a stack trace.

export type LineprofErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'BAD_RESULT_FILE'
  | 'NEWER_FORMAT'
  | 'SYNTAX'
  | 'NOT_PROFILABLE'
  | 'IO';

/** Where a syntax error is in a source (line 1-based, column 0-based UTF-16). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export class LineprofError extends Error {
  override readonly name = 'LineprofError';
  readonly code: LineprofErrorCode;
  /** SYNTAX: the error's place, for the loader to print it as Node would. */
  readonly location: SourceLocation | undefined;

  constructor(code: LineprofErrorCode, message: string, options?: { cause?: unknown; location?: SourceLocation }) {
    super(message, options);
    this.code = code;
    this.location = options?.location;
  }
}

export function isLineprofError(value: unknown): value is LineprofError {
  return value instanceof Error && value.name === 'LineprofError' && 'code' in value;
}
