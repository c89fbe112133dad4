// All IPC handlers, one module per domain, combined and checked against the contract.
import { authHandlers } from './auth';
import { dbHandlers } from './db';
import { exportHandlers } from './exports';
import { jobHandlers } from './jobs';
import { profileHandlers } from './profiles';
import { reportHandlers } from './reports';
import { settingsHandlers } from './settings';
import { sshHandlers } from './ssh';
import { combineHandlers, type HandlerMap } from './registry';

export function createHandlers(): HandlerMap {
  return combineHandlers(dbHandlers, profileHandlers, settingsHandlers, authHandlers, reportHandlers, jobHandlers, exportHandlers, sshHandlers);
}
