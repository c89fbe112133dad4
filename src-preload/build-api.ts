// Builds window.analytics from the contract's method and event names. Self-contained on purpose (no
// imports, no closures over module state): the e2e harness injects this same function's source into
// Chromium, so the browser tests exercise the exact object shape the preload exposes.

/**
 * What travels through IPC: untyped on the wire, typed at both ends by the contract (main's handlers
 * answer ResponseOf<M>, the renderer reads it so). The object's keys are typed from the names, so the
 * preload's `satisfies AnalyticsApi` proves every method and event of the contract is there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = any;
type Invoke = (name: string, request: unknown) => Promise<Wire>;
type Subscribe = (name: string, listener: (payload: Wire) => void) => () => void;

type DomainOf<M> = M extends `${infer D}/${string}` ? D : never;
type VerbOf<M, D extends string> = M extends `${D}/${infer V}` ? V : never;
type EventKeyOf<E> = E extends `${infer D}/${infer V}` ? `${D}${Capitalize<V>}` : never;

export type BuiltApi<M extends string, E extends string> = {
  readonly [D in DomainOf<M>]: { readonly [V in VerbOf<M, D>]: (request?: Wire) => Promise<Wire> };
} & { readonly events: { readonly [K in EventKeyOf<E>]: (listener: (payload: Wire) => void) => () => void } };

export function buildApi<const M extends string, const E extends string>(
  methodNames: readonly M[],
  eventNames: readonly E[],
  invoke: Invoke,
  subscribe: Subscribe,
): BuiltApi<M, E> {
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
  return Object.freeze(api) as BuiltApi<M, E>;
}
