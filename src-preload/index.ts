// The preload: exposes exactly the contract as window.analytics. Only named functions cross the
// bridge; ipcRenderer itself never does.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, channelOf, type AnalyticsApi, type Events, type MethodName } from './contract';
import { buildApi } from './build-api';

export function createApi(): AnalyticsApi {
  return buildApi(
    METHOD_NAMES,
    EVENT_NAMES,
    (name, request) => ipcRenderer.invoke(channelOf(name as MethodName), request),
    (name, listener) => {
      const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
      const channel = channelOf(name as keyof Events);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  ) as unknown as AnalyticsApi;
}

contextBridge.exposeInMainWorld('analytics', createApi());
