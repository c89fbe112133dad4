// The profile's analytics settings (Askbot's names, DESIGN.md §4) with each validation problem next
// to its setting, and the forum's Google Analytics tracking ID.
import { useEffect, useState, type FormEvent } from 'react';
import type { SettingKey, SettingsDraft, SettingsView as SettingsData } from '../../../src-preload/contract';
import { settingsStore, useSettings } from '../stores';
import { ErrorBanner } from './ErrorBanner';

const K = {
  timeout: 'ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES',
  orgs: 'ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED',
  named: 'ASKBOT_ANALYTICS_NAMED_SEGMENTS',
  def: 'ASKBOT_ANALYTICS_DEFAULT_SEGMENT',
  useTz: 'USE_TZ',
  tz: 'TIME_ZONE',
  reportTimeout: 'REPORT_TIMEOUT_SECONDS',
} as const satisfies Record<string, SettingKey>;

function Problems({ id, list }: { id: string; list: string[] | undefined }) {
  if (!list?.length) return null;
  return (
    <ul className="problems" id={id} data-testid={id}>
      {list.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

function SettingsForm({ view }: { view: SettingsData }) {
  const save = useSettings((s) => s.save);
  const saving = useSettings((s) => s.saving);
  const serverProblems = useSettings((s) => s.problems);
  const s = view.settings;
  // Main sends every setting with its default filled in (one declaration: core/settings-schema.ts).
  const [timeout, setTimeoutValue] = useState(String(s[K.timeout]));
  const [orgs, setOrgs] = useState(s[K.orgs]);
  const [named, setNamed] = useState(JSON.stringify(s[K.named], null, 2));
  const [def, setDef] = useState(JSON.stringify(s[K.def], null, 2));
  const [useTz, setUseTz] = useState(s[K.useTz]);
  const [tz, setTz] = useState(s[K.tz]);
  const [reportTimeout, setReportTimeout] = useState(String(s[K.reportTimeout]));
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const problems = { ...serverProblems, ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string[]> = {};
    const json = (key: string, text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch (err) {
        found[key] = [`is not valid JSON (${(err as Error).message})`];
        return undefined;
      }
    };
    const settings: SettingsDraft = {
      [K.timeout]: timeout.trim() === '' ? timeout : Number(timeout),
      [K.orgs]: orgs,
      [K.named]: json(K.named, named),
      [K.def]: json(K.def, def),
      [K.useTz]: useTz,
      [K.tz]: tz.trim(),
      [K.reportTimeout]: reportTimeout.trim() === '' ? reportTimeout : Number(reportTimeout),
    };
    setLocal(found);
    if (Object.keys(found).length === 0) void save(settings);
  };
  const described = (key: string) => (problems[key]?.length ? `problems-${key}` : undefined);

  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="analytics-settings-title">
      <h3 id="analytics-settings-title">Analytics settings of this connection</h3>
      <label>
        {K.timeout}
        <input
          value={timeout}
          onChange={(e) => setTimeoutValue(e.target.value)}
          inputMode="numeric"
          aria-label="Session timeout in minutes"
          aria-describedby={described(K.timeout)}
          aria-invalid={Boolean(problems[K.timeout])}
        />
        <span className="hint">Minutes of inactivity that end a session (default 30).</span>
      </label>
      <Problems id={`problems-${K.timeout}`} list={problems[K.timeout]} />
      <label className="inline">
        <input
          type="checkbox"
          checked={orgs}
          onChange={(e) => setOrgs(e.target.checked)}
          aria-label="Organizations by e-mail domain enabled"
          aria-describedby={described(K.orgs)}
        />{' '}
        {K.orgs}
      </label>
      <Problems id={`problems-${K.orgs}`} list={problems[K.orgs]} />
      <label>
        {K.named}
        <textarea
          rows={6}
          value={named}
          onChange={(e) => setNamed(e.target.value)}
          aria-label="Named segments (JSON)"
          aria-describedby={described(K.named)}
          aria-invalid={Boolean(problems[K.named])}
          spellCheck={false}
        />
        <span className="hint">A JSON list of {'{"name", "slug", "description", "group_ids"}'}.</span>
      </label>
      <Problems id={`problems-${K.named}`} list={problems[K.named]} />
      <label>
        {K.def}
        <textarea
          rows={3}
          value={def}
          onChange={(e) => setDef(e.target.value)}
          aria-label="Default segment (JSON)"
          aria-describedby={described(K.def)}
          aria-invalid={Boolean(problems[K.def])}
          spellCheck={false}
        />
        <span className="hint">
          {'{}'} for the built-in default ({'"all"'} / {'"rest"'}).
        </span>
      </label>
      <Problems id={`problems-${K.def}`} list={problems[K.def]} />
      <label className="inline">
        <input type="checkbox" checked={useTz} onChange={(e) => setUseTz(e.target.checked)} aria-label="USE_TZ" aria-describedby={described(K.useTz)} />{' '}
        {K.useTz} (stored times are UTC)
      </label>
      <Problems id={`problems-${K.useTz}`} list={problems[K.useTz]} />
      <label>
        {K.tz}
        <input
          value={tz}
          onChange={(e) => setTz(e.target.value)}
          aria-label="TIME_ZONE"
          aria-describedby={described(K.tz)}
          aria-invalid={Boolean(problems[K.tz])}
        />
      </label>
      <Problems id={`problems-${K.tz}`} list={problems[K.tz]} />
      <label>
        {K.reportTimeout}
        <input
          value={reportTimeout}
          onChange={(e) => setReportTimeout(e.target.value)}
          inputMode="numeric"
          aria-label="Report time limit in seconds"
          aria-describedby={described(K.reportTimeout)}
          aria-invalid={Boolean(problems[K.reportTimeout])}
        />
        <span className="hint">PostgreSQL: a report that runs longer is stopped (read-only reports, default 30 s). SQLite reports have no limit.</span>
      </label>
      <Problems id={`problems-${K.reportTimeout}`} list={problems[K.reportTimeout]} />
      <button type="submit" disabled={saving}>
        Save settings
      </button>
    </form>
  );
}

function GoogleAnalyticsForm({ view }: { view: SettingsData }) {
  const setKey = useSettings((s) => s.setGoogleAnalyticsKey);
  const saving = useSettings((s) => s.saving);
  const [key, setKeyValue] = useState(view.googleAnalyticsKey);
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void setKey(key.trim());
      }}
      aria-labelledby="ga-title"
    >
      <h3 id="ga-title">Google Analytics tracking ID</h3>
      <p>The forum&apos;s own setting (livesettings EXTERNAL_KEYS / GOOGLE_ANALYTICS_KEY); empty when not set.</p>
      <label>
        Tracking ID
        <input
          value={key}
          onChange={(e) => setKeyValue(e.target.value)}
          disabled={!view.canEditGoogleAnalyticsKey}
          aria-label="Tracking ID"
          placeholder="G-ABC123"
        />
      </label>
      {!view.canEditGoogleAnalyticsKey && (
        <p className="muted small" data-testid="ga-disabled-reason">
          Only a forum administrator on a writable connection to a database with livesettings can change it.
        </p>
      )}
      <button type="submit" disabled={!view.canEditGoogleAnalyticsKey || saving}>
        Save tracking ID
      </button>
    </form>
  );
}

export function SettingsView() {
  const view = useSettings((s) => s.view);
  const error = useSettings((s) => s.error);
  const notice = useSettings((s) => s.notice);
  const clearError = useSettings((s) => s.clearError);
  useEffect(() => {
    void settingsStore.getState().load();
  }, []);
  return (
    <section aria-labelledby="settings-title">
      <div className="toolbar">
        <h2 id="settings-title">Settings</h2>
      </div>
      <ErrorBanner message={error} onDismiss={clearError} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {view && (
        <div className="cards">
          <SettingsForm key={JSON.stringify(view.settings)} view={view} />
          <GoogleAnalyticsForm key={view.googleAnalyticsKey} view={view} />
        </div>
      )}
    </section>
  );
}
