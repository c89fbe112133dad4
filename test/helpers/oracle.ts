// A brute-force oracle for the compiler, written independently of it: plain TypeScript over the raw
// rows, one pass per definition of DESIGN.md §5, no SQL. Hours are floored in UTC, which is exact for
// every zone with whole-hour offsets (UTC, America/Chicago); days are the calendar dates in the zone.
import type { SummarySnapshot, Counters } from './oracle-summaries';
import { formatInstant } from '../../src-main/core/time/instant';

export interface RawHistory {
  users: Array<{ id: number; dateJoined: number }>;
  groups: Array<{ id: number; analytics: boolean }>;
  /** askbot_groupmembership and auth_user_groups (the test keeps them equal unless said otherwise). */
  membership: Array<{ user: number; group: number }>;
  authMembership: Array<{ user: number; group: number }>;
  sessions: Array<{ id: number; user: number | null; createdAt: number; updatedAt: number }>;
  /** `object`: the viewed post's id (content type askbot.post); 1 when not given. */
  events: Array<{ session: number; type: number; timestamp: number; object?: number }>;
}

const HOUR = 3_600_000_000;

function zonedDate(us: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(Math.floor(us / 1000)),
  );
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** First instant of the zone's calendar day containing `us` (searched hour by hour: whole-hour zones). */
function zonedDayStart(us: number, zone: string): number {
  const date = zonedDate(us, zone);
  let t = Math.floor(us / HOUR) * HOUR;
  while (zonedDate(t - HOUR, zone) === date) t -= HOUR;
  return t;
}

function zonedDayEnd(us: number, zone: string): number {
  const date = zonedDate(us, zone);
  let t = Math.floor(us / HOUR) * HOUR + HOUR;
  while (zonedDate(t, zone) === date) t += HOUR;
  return t;
}

const zero = (): Counters => ({ num_questions: 0, num_answers: 0, num_upvotes: 0, num_downvotes: 0, question_views: 0, time_on_site: 0 });
function add(a: Counters, b: Counters): void {
  a.num_questions += b.num_questions;
  a.num_answers += b.num_answers;
  a.num_upvotes += b.num_upvotes;
  a.num_downvotes += b.num_downvotes;
  a.question_views += b.question_views;
  a.time_on_site += b.time_on_site;
}
const sortBy =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export type QuestionViewRow = { post: number; date: string; views: number };

/**
 * What the question views must hold: the question-viewed events (type 4, all on posts here) of
 * signed-in sessions before the current hour, counted per post and calendar day in the zone; and the
 * same summed per month.
 */
export function questionViewsFromHistory(h: RawHistory, now: number, zone = 'UTC'): { daily: QuestionViewRow[]; monthly: QuestionViewRow[] } {
  const cutoff = Math.floor(now / HOUR) * HOUR;
  const sessionUser = new Map(h.sessions.map((s) => [s.id, s.user]));
  const daily = new Map<string, QuestionViewRow>();
  const monthly = new Map<string, QuestionViewRow>();
  const bump = (m: Map<string, QuestionViewRow>, post: number, date: string) => {
    const k = `${post}|${date}`;
    const r = m.get(k) ?? { post, date, views: 0 };
    r.views++;
    m.set(k, r);
  };
  for (const e of h.events) {
    if (e.type !== 4 || e.timestamp >= cutoff || sessionUser.get(e.session) == null) continue;
    const date = zonedDate(e.timestamp, zone);
    bump(daily, e.object ?? 1, date);
    bump(monthly, e.object ?? 1, `${date.slice(0, 7)}-01`);
  }
  const sorted = (m: Map<string, QuestionViewRow>) => [...m.values()].sort(sortBy((x) => `${x.date}|${String(x.post).padStart(9, '0')}`));
  return { daily: sorted(daily), monthly: sorted(monthly) };
}

export function oracleSummaries(h: RawHistory, now: number, zone = 'UTC'): SummarySnapshot {
  const cutoff = Math.floor(now / HOUR) * HOUR;
  const today = zonedDate(now, zone);
  const sessionUser = new Map(h.sessions.map((s) => [s.id, s.user]));

  // (user, hour) → counters, and which windows have any event.
  const hourly = new Map<string, Counters>();
  const key = (a: number, b: number) => `${a}|${b}`;
  const at = (u: number, hour: number) => {
    let c = hourly.get(key(u, hour));
    if (!c) hourly.set(key(u, hour), (c = zero()));
    return c;
  };
  for (const e of h.events) {
    const u = sessionUser.get(e.session);
    if (u == null || e.timestamp >= cutoff) continue;
    const c = at(u, Math.floor(e.timestamp / HOUR) * HOUR);
    if (e.type === 9) c.num_questions++;
    if (e.type === 10) c.num_answers++;
    if (e.type === 6) c.num_upvotes++;
    if (e.type === 7) c.num_downvotes++;
    if (e.type === 4) c.question_views++;
  }
  // Time on site: for each user and hour, the measure of the union of the session intervals.
  const byUser = new Map<number, Array<[number, number]>>();
  for (const s of h.sessions) {
    if (s.user == null || s.updatedAt <= s.createdAt) continue;
    (byUser.get(s.user) ?? byUser.set(s.user, []).get(s.user)!).push([s.createdAt, Math.min(s.updatedAt, cutoff)]);
  }
  for (const [u, intervals] of byUser) {
    const hours = new Set<number>();
    for (const [a, b] of intervals) for (let t = Math.floor(a / HOUR) * HOUR; t < b; t += HOUR) hours.add(t);
    for (const hour of hours) {
      // Brute force: clip, sort, merge.
      const clipped = intervals
        .map(([a, b]) => [Math.max(a, hour), Math.min(b, hour + HOUR)] as [number, number])
        .filter(([a, b]) => b > a)
        .sort((x, y) => x[0] - y[0]);
      let total = 0;
      let curA = -Infinity;
      let curB = -Infinity;
      for (const [a, b] of clipped) {
        if (a > curB) {
          if (curB > curA) total += curB - curA;
          curA = a;
          curB = b;
        } else curB = Math.max(curB, b);
      }
      if (curB > curA) total += curB - curA;
      if (total > 0) at(u, hour).time_on_site += total;
    }
  }

  const hourlyUser = [...hourly].map(([k, c]) => {
    const [u, hour] = k.split('|').map(Number) as [number, number];
    return { user: u, hour: formatInstant(hour), summarized: true, ...c, _hour: hour };
  });

  const dailyUserMap = new Map<string, Counters & { user: number; date: string }>();
  for (const r of hourlyUser) {
    const date = zonedDate(r._hour, zone);
    const k = `${r.user}|${date}`;
    const acc = dailyUserMap.get(k) ?? { user: r.user, date, ...zero() };
    add(acc, r);
    dailyUserMap.set(k, acc);
  }

  const analytics = new Set(h.groups.filter((g) => g.analytics).map((g) => g.id));
  const joined = new Map(h.users.map((u) => [u.id, u.dateJoined]));
  const groupsOf = new Map<number, Set<number>>();
  for (const m of h.membership) if (analytics.has(m.group)) (groupsOf.get(m.user) ?? groupsOf.set(m.user, new Set()).get(m.user)!).add(m.group);
  const authMembers = (g: number) => h.authMembership.filter((m) => m.group === g).map((m) => joined.get(m.user)!);

  const hourlyGroupMap = new Map<string, Counters & { group: number; hour: number }>();
  for (const r of hourlyUser) {
    for (const g of groupsOf.get(r.user) ?? []) {
      const k = `${g}|${r._hour}`;
      const acc = hourlyGroupMap.get(k) ?? { group: g, hour: r._hour, ...zero() };
      add(acc, r);
      hourlyGroupMap.set(k, acc);
    }
  }
  const hourlyGroup = [...hourlyGroupMap.values()].map(({ group, hour, ...c }) => {
    const members = authMembers(group);
    return {
      group,
      hour: formatInstant(hour),
      num_users: members.filter((j) => j < hour + HOUR).length,
      num_users_added: members.filter((j) => j >= hour && j < hour + HOUR).length,
      summarized: true,
      ...c,
      _hour: hour,
    };
  });

  const dailyGroupMap = new Map<string, Counters & { group: number; date: string; start: number; end: number }>();
  for (const r of hourlyGroup) {
    const date = zonedDate(r._hour, zone);
    const k = `${r.group}|${date}`;
    const acc = dailyGroupMap.get(k) ?? { group: r.group, date, start: zonedDayStart(r._hour, zone), end: zonedDayEnd(r._hour, zone), ...zero() };
    add(acc, r);
    dailyGroupMap.set(k, acc);
  }
  const dailyGroup = [...dailyGroupMap.values()].map(({ group, date, start, end, ...c }) => {
    const members = authMembers(group);
    const upTo = Math.min(end, cutoff);
    return {
      group,
      date,
      num_users: members.filter((j) => j < upTo).length,
      num_users_added: members.filter((j) => j >= start && j < upTo).length,
      summarized: date < today,
      ...c,
    };
  });

  const strip = <T extends { _hour: number }>({ _hour, ...rest }: T) => (void _hour, rest);
  return {
    hourlyUser: hourlyUser.map(strip).sort(sortBy((x) => `${x.user}|${x.hour}`)),
    dailyUser: [...dailyUserMap.values()].sort(sortBy((x) => `${x.user}|${x.date}`)),
    hourlyGroup: hourlyGroup.map(strip).sort(sortBy((x) => `${x.group}|${x.hour}`)),
    dailyGroup: dailyGroup.sort(sortBy((x) => `${x.group}|${x.date}`)),
  };
}
