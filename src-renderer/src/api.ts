// The renderer's only way to the main process: window.analytics, typed from the contract.
import type { AnalyticsApi, ErrorCode, Result } from '../../src-preload/contract';

declare global {
  interface Window {
    analytics: AnalyticsApi;
  }
}

export type { AnalyticsApi };

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the error carries for the view to act on (e.g. the SSH host key to trust). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Unwraps a result, throwing its error as an ApiError (stores catch and show it). */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const r = await call;
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
  return r.value;
}

/** The message to show for anything a store caught. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
