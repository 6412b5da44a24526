/**
 * Typed errors that cross every boundary (CLI, IPC, WebSocket) as plain `{name, code, message}`
 * values, the way VS Code serializes errors over its channels: the receiver can switch on `code`
 * without string-matching messages, and nothing is lost when the value is JSON-encoded.
 */
export const errorCodes = [
  'bad-input',
  'project-not-found',
  'project-exists',
  'corrupt-project',
  'data-out-of-range',
  'not-found',
  /** a data centre could not be reached or kept failing after retries */
  'network',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface SerializedError {
  name: 'ForeseisError';
  code: ErrorCode;
  message: string;
}

export class ForeseisError extends Error {
  override readonly name = 'ForeseisError' as const;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message };
  }

  static is(value: unknown): value is ForeseisError {
    return value instanceof ForeseisError;
  }

  /** Rebuild an error that crossed a transport as JSON. */
  static fromSerialized(value: SerializedError): ForeseisError {
    return new ForeseisError(value.code, value.message);
  }
}

/** Any thrown value as a ForeseisError: unknown errors become 'internal' with their message kept. */
export function toForeseisError(value: unknown): ForeseisError {
  if (value instanceof ForeseisError) return value;
  if (value instanceof Error) return new ForeseisError('internal', value.message);
  return new ForeseisError('internal', String(value));
}
