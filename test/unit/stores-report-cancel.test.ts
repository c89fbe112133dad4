// The Users and Activity views' Cancel: shown once a report runs longer than a second, it calls
// report/cancel; a cancelled or timed-out report becomes a notice (with the server's explanation),
// never the error banner.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result, UsersReportData } from '../../src-preload/contract';
import { DEFAULT_NAV } from '../../src-renderer/src/stores/navigation';
import { SLOW_REPORT_MS, createReportsStore } from '../../src-renderer/src/stores/reports';
import { fail, fakeApi, ok } from './stores-fake-api';

const TIMEOUT_TEXT = 'The report took longer than 30 s, the limit in Settings (REPORT_TIMEOUT_SECONDS), and was stopped.';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('report Cancel in the stores', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('offers Cancel after a second, cancels, and shows the cancellation as a notice', async () => {
    const answer = deferred<Result<UsersReportData>>();
    const fake = fakeApi({
      'report/users': () => answer.promise,
      'report/cancel': () => {
        answer.resolve(fail('CANCELLED', 'The report was cancelled'));
        return ok({ cancelled: 1 });
      },
    });
    const store = createReportsStore(fake.api);
    const loading = store.getState().loadUsers(DEFAULT_NAV.users);
    await vi.advanceTimersByTimeAsync(SLOW_REPORT_MS - 10);
    expect(store.getState()).toMatchObject({ usersLoading: true, usersSlow: false });
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().usersSlow).toBe(true);
    await store.getState().cancelReports();
    await loading;
    expect(fake.callsOf('report/cancel')).toEqual([{}]);
    expect(store.getState()).toMatchObject({ usersLoading: false, usersSlow: false, usersStopped: 'The report was cancelled', usersError: null });
  });

  it('a timed-out Activity page is explained as a notice; a quick report never shows Cancel; other failures stay errors', async () => {
    let next: Result<never> = fail('TIMEOUT', TIMEOUT_TEXT);
    const fake = fakeApi({ 'report/activity': () => next });
    const store = createReportsStore(fake.api);
    await store.getState().older({ ...DEFAULT_NAV.activity }); // no page yet: nothing to do
    await store.getState().loadActivity(DEFAULT_NAV.activity);
    expect(store.getState()).toMatchObject({ activityStopped: TIMEOUT_TEXT, activityError: null, activitySlow: false });
    await vi.advanceTimersByTimeAsync(5 * SLOW_REPORT_MS);
    expect(store.getState().activitySlow).toBe(false);
    next = fail('CONNECTION', 'The connection to PostgreSQL was lost');
    await store.getState().loadActivity(DEFAULT_NAV.activity);
    expect(store.getState()).toMatchObject({ activityStopped: null, activityError: 'The connection to PostgreSQL was lost' });
  });
});
