// Builds window.analytics from the contract's method and event names. Self-contained on purpose (no
// imports, no closures over module state): the e2e harness injects this same function's source into
// Chromium, so the browser tests exercise the exact object shape the preload exposes.

type Invoke = (name: string, request: unknown) => Promise<unknown>;
type Subscribe = (name: string, listener: (payload: unknown) => void) => () => void;

export function buildApi(methodNames: readonly string[], eventNames: readonly string[], invoke: Invoke, subscribe: Subscribe) {
  const api: Record<string, Record<string, unknown>> = { events: {} };
  for (const name of methodNames) {
    const [domain, verb] = name.split('/') as [string, string];
    api[domain] = api[domain] ?? {};
    api[domain][verb] = (request: unknown) => invoke(name, request ?? {});
  }
  for (const name of eventNames) {
    const [domain, verb] = name.split('/') as [string, string];
    const key = domain + verb.charAt(0).toUpperCase() + verb.slice(1);
    api.events![key] = (listener: (payload: unknown) => void) => subscribe(name, listener);
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api);
}
