// A fake window.analytics for the store tests: the same buildApi shape the preload exposes, with
// per-method handlers supplied by each test, every call recorded, and pushed events emitted by hand.
import { buildApi } from '../../src-preload/build-api';
import { EVENT_NAMES, METHOD_NAMES, type MethodName } from '../../src-preload/channels';
import type { AnalyticsApi, ErrorCode, Events, RequestOf, ResponseOf, Result } from '../../src-preload/contract';

type Handler<M extends MethodName> = (request: RequestOf<M>) => Result<ResponseOf<M>> | Promise<Result<ResponseOf<M>>>;
export type FakeHandlers = { [M in MethodName]?: Handler<M> };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

export function fakeApi(handlers: FakeHandlers) {
  const calls: Array<{ name: string; request: unknown }> = [];
  const listeners = new Map<string, Array<(p: unknown) => void>>();
  const invoke = async (name: string, request: unknown) => {
    calls.push({ name, request });
    const h = handlers[name as MethodName] as ((r: unknown) => unknown) | undefined;
    if (!h) return fail('INTERNAL', `the fake has no ${name}`);
    return h(request);
  };
  const subscribe = (name: string, listener: (p: unknown) => void) => {
    listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    return () =>
      listeners.set(
        name,
        (listeners.get(name) ?? []).filter((l) => l !== listener),
      );
  };
  const api = buildApi(METHOD_NAMES, EVENT_NAMES, invoke, subscribe) satisfies AnalyticsApi;
  return {
    api,
    calls,
    callsOf: (name: MethodName) => calls.filter((c) => c.name === name).map((c) => c.request),
    emit: <E extends keyof Events>(name: E, payload: Events[E]) => (listeners.get(name) ?? []).forEach((l) => l(payload)),
    listenerCount: (name: keyof Events) => (listeners.get(name) ?? []).length,
  };
}
