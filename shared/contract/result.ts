/** How a failure crosses any boundary: a value, never a thrown object (Electron flattens those). */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unknown_method'
  | 'forbidden'
  | 'unauthorized'
  | 'unavailable'
  /** The book cannot be used (damaged, or not as Rapport made it): book.status says why. */
  | 'book_unusable'
  /** The disk is full: nothing was saved. */
  | 'disk_full'
  /** A folder or file Rapport must write to is read-only. */
  | 'read_only'
  /** The disk reported an error. */
  | 'io_error'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the offending field, as the form names it: `emails.0.value`. */
  field: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** The first offending field, when the error is about one. */
  field?: string;
  /** Every offending field, so a form can mark them all at once. */
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ApiError): Result<never> => ({ ok: false, error });

/** Thrown inside the back end only; the dispatcher turns it into a `Result`. */
export class ApiFailure extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.error = error;
  }

  static invalid(field: string, message: string): ApiFailure {
    return new ApiFailure({ code: 'invalid_input', message, field, issues: [{ field, message }] });
  }

  static notFound(message: string): ApiFailure {
    return new ApiFailure({ code: 'not_found', message });
  }
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  return v.ok === true || (v.ok === false && typeof v.error === 'object' && v.error !== null);
}
