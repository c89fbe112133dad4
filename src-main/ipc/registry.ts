// Handler registration from the contract: every request is parsed with the method's zod schema and
// every answer is `{ok: true, value} | {ok: false, error}`. Electron-free, so the unit tests and the
// e2e bridge call exactly what ipcMain calls.
import type { MethodName } from '../../src-preload/channels';
import { contract, type Events, type ParsedRequestOf, type ResponseOf, type Result } from '../../src-preload/contract';
import { AppError, toErrorData } from '../core/errors';
import { describeZodError } from '../core/zod-issues';
import type { AppState } from './state';

export interface HandlerContext {
  state: AppState;
  /** Pushes an event to the renderer. */
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
}

export type Handler<M extends MethodName> = (request: ParsedRequestOf<M>, ctx: HandlerContext) => Promise<ResponseOf<M>>;
export type HandlerMap = { [M in MethodName]: Handler<M> };
export type DomainHandlers<M extends MethodName> = { [K in M]: Handler<K> };

/** Merges per-domain handler groups, refusing a method registered twice or one the contract lacks. */
export function combineHandlers(...groups: Array<Partial<HandlerMap>>): HandlerMap {
  const all: Partial<Record<MethodName, unknown>> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (!(name in contract)) throw new Error(`handler "${name}" is not in the contract`);
      if (name in all) throw new Error(`handler "${name}" is registered twice`);
      all[name as MethodName] = handler;
    }
  }
  const missing = Object.keys(contract).filter((m) => !(m in all));
  if (missing.length) throw new Error(`contract methods without a handler: ${missing.join(', ')}`);
  return all as HandlerMap;
}

export type Dispatch = (name: string, request: unknown) => Promise<Result<unknown>>;

/** Returns the function that answers one call: validate, run, wrap. Never throws. */
export function createDispatcher(handlers: HandlerMap, ctx: HandlerContext): Dispatch {
  return async (name, request) => {
    try {
      if (!Object.prototype.hasOwnProperty.call(contract, name)) {
        throw new AppError('INVALID_INPUT', `unknown method "${name}"`);
      }
      const m = name as MethodName;
      const parsed = contract[m].request.safeParse(request ?? {});
      if (!parsed.success) throw new AppError('INVALID_INPUT', `Invalid ${m} request: ${describeZodError(parsed.error)}`);
      const value = await (handlers[m] as Handler<MethodName>)(parsed.data as never, ctx);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorData(err) };
    }
  };
}
