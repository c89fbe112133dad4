// Errors that cross a boundary (IPC, CLI) carry a stable code and a message written for a moderator.

export const ERROR_CODES = [
  'INVALID_INPUT', // a request or argument failed validation
  'SETTINGS', // the analytics settings are invalid
  'CONNECTION', // the database cannot be reached or opened
  'AUTH', // wrong database credentials, or a forum sign-in failure
  'NOT_ASKBOT', // the database is not an Askbot database (or lacks the analytics tables)
  'NOT_EMPTY', // init/demo refused: the database already has tables
  'READ_ONLY', // a write was asked of a read-only connection
  'LOCKED', // another compile (or job) holds the database
  'SCHEMA_NEWER', // a newer release upgraded the database's analytics schema (aac_schema_version)
  'CANCELLED', // the job was cancelled; its current transaction was rolled back
  'TIMEOUT', // a report ran past the statement timeout (REPORT_TIMEOUT_SECONDS)
  'HOST_KEY_UNKNOWN', // an SSH server's host key was never seen: the user must check and trust it
  'HOST_KEY_CHANGED', // an SSH server presents another host key than the one trusted: refused
  'DISABLED', // a feature is switched off by a setting
  'NOT_FOUND',
  'NOT_CONNECTED',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Turns anything thrown into data that can cross IPC or be printed by the CLI. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
