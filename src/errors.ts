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

export class LineprofError extends Error {
  override readonly name = 'LineprofError';
  readonly code: LineprofErrorCode;

  constructor(code: LineprofErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isLineprofError(value: unknown): value is LineprofError {
  return value instanceof Error && value.name === 'LineprofError' && 'code' in value;
}
