// All IPC handlers, one module per domain, combined and checked against the contract.
import { dbHandlers } from './db';
import { combineHandlers, type HandlerMap } from './registry';

export function createHandlers(): HandlerMap {
  return combineHandlers(dbHandlers);
}
