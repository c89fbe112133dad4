// job/* and groups/preview: one-click compile, organizations and seeding, run in a worker thread.
import { previewEmailDomainGroups } from '../core/groups';
import type { DomainHandlers } from './registry';

const WHAT = { compile: 'Compiling', createGroups: 'Creating organizations', seedEvents: 'Seeding analytics content' } as const;

export const jobHandlers: DomainHandlers<'groups/preview' | 'job/start' | 'job/cancel' | 'job/list'> = {
  'groups/preview': async (_req, { state }) => {
    state.requireUser();
    return previewEmailDomainGroups(state.requireDb(), state.settings);
  },
  'job/start': async (req, { state }) => {
    state.requireWritable(WHAT[req.kind]);
    const { kind, ...params } = req;
    return state.jobs().start(kind, state.spec!, state.settings, params);
  },
  'job/cancel': async (req, { state }) => state.jobs().cancel(req.jobId),
  'job/list': async (_req, { state }) => (state.config.workerFile ? state.jobs().list() : []),
};
