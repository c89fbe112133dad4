// The names of the API between the renderer and main: every method and pushed event, and the IPC
// channel each travels on. Plain strings and nothing else, because this is all the preload bundles at
// run time: the zod schemas that check the requests stay in main (contract.ts, which must list exactly
// these methods: its `satisfies` fails the typecheck otherwise).

export const METHOD_NAMES = [
  'db/connect',
  'db/createDemo',
  'db/current',
  'db/status',
  'db/disconnect',
  'dialog/openSqliteFile',
  'profiles/list',
  'profiles/save',
  'profiles/delete',
  'profiles/open',
  'settings/get',
  'settings/save',
  'settings/setGoogleAnalyticsKey',
  'settings/setExcludeStaff',
  'auth/signIn',
  'auth/signOut',
  'auth/current',
  'report/options',
  'report/users',
  'report/activity',
  'report/series',
  'report/overview',
  'report/retention',
  'report/questions',
  'report/cancel',
  'groups/preview',
  'job/start',
  'export/start',
  'job/cancel',
  'job/list',
  'ssh/forgetHostKey',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Events main pushes to the renderer. */
export const EVENT_NAMES = ['job/progress', 'job/finished'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel of a method or event (only main and preload use it). */
export const channelOf = (name: MethodName | EventName) => `aac:${name}`;
