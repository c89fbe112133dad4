// The preload: exposes exactly the contract as window.analytics. Only named functions cross the
// bridge; ipcRenderer itself never does. It bundles the method and event names only (channels.ts):
// the contract's zod schemas stay in main, and the types below vanish at build.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, channelOf } from './channels';
import type { AnalyticsApi } from './contract';
import { buildApi } from './build-api';

export function createApi(): AnalyticsApi {
  return buildApi(
    METHOD_NAMES,
    EVENT_NAMES,
    (name, request) => ipcRenderer.invoke(channelOf(name as (typeof METHOD_NAMES)[number]), request),
    (name, listener) => {
      const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
      const channel = channelOf(name as (typeof EVENT_NAMES)[number]);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  ) satisfies AnalyticsApi;
}

contextBridge.exposeInMainWorld('analytics', createApi());
