// The profile's analytics settings (Askbot's names, DESIGN.md §4) with each validation problem next
// to its setting, and the forum's Google Analytics tracking ID.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
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

/** The id of a setting's problems list while it has any (for aria-describedby). */
function problemsIdOf(name: SettingKey, list: string[] | undefined): string | undefined {
  return list?.length ? `problems-${name}` : undefined;
}

/** A setting by its Askbot name: its control and hint in one label, its problems listed under it. */
function Setting({ name, problems, hint, children }: { name: SettingKey; problems: string[] | undefined; hint?: ReactNode; children: ReactNode }) {
  return (
    <>
      <label>
        {name}
        {children}
        {hint && <span className="hint">{hint}</span>}
      </label>
      <Problems id={`problems-${name}`} list={problems} />
    </>
  );
}

/** An on/off setting: the checkbox before its text, its problems listed under it. */
function CheckboxSetting({
  name,
  problems,
  checked,
  onChange,
  'aria-label': ariaLabel,
  children,
}: {
  name: SettingKey;
  problems: string[] | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
  'aria-label': string;
  children: ReactNode;
}) {
  return (
    <>
      <label className="inline">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-label={ariaLabel}
          aria-describedby={problemsIdOf(name, problems)}
        />{' '}
        {children}
      </label>
      <Problems id={`problems-${name}`} list={problems} />
    </>
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
  // A control's problems: read out with it, and marked invalid.
  const field = (key: SettingKey) => ({ 'aria-describedby': problemsIdOf(key, problems[key]), 'aria-invalid': Boolean(problems[key]) });

  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="analytics-settings-title">
      <h3 id="analytics-settings-title">Analytics settings of this connection</h3>
      <Setting name={K.timeout} problems={problems[K.timeout]} hint="Minutes of inactivity that end a session (default 30).">
        <input
          value={timeout}
          onChange={(e) => setTimeoutValue(e.target.value)}
          inputMode="numeric"
          aria-label="Session timeout in minutes"
          {...field(K.timeout)}
        />
      </Setting>
      <CheckboxSetting name={K.orgs} problems={problems[K.orgs]} checked={orgs} onChange={setOrgs} aria-label="Organizations by e-mail domain enabled">
        {K.orgs}
      </CheckboxSetting>
      <Setting name={K.named} problems={problems[K.named]} hint={<>A JSON list of {'{"name", "slug", "description", "group_ids"}'}.</>}>
        <textarea rows={6} value={named} onChange={(e) => setNamed(e.target.value)} aria-label="Named segments (JSON)" {...field(K.named)} spellCheck={false} />
      </Setting>
      <Setting
        name={K.def}
        problems={problems[K.def]}
        hint={
          <>
            {'{}'} for the built-in default ({'"all"'} / {'"rest"'}).
          </>
        }
      >
        <textarea rows={3} value={def} onChange={(e) => setDef(e.target.value)} aria-label="Default segment (JSON)" {...field(K.def)} spellCheck={false} />
      </Setting>
      <CheckboxSetting name={K.useTz} problems={problems[K.useTz]} checked={useTz} onChange={setUseTz} aria-label="USE_TZ">
        {K.useTz} (stored times are UTC)
      </CheckboxSetting>
      <Setting name={K.tz} problems={problems[K.tz]}>
        <input value={tz} onChange={(e) => setTz(e.target.value)} aria-label="TIME_ZONE" {...field(K.tz)} />
      </Setting>
      <Setting
        name={K.reportTimeout}
        problems={problems[K.reportTimeout]}
        hint="PostgreSQL: a report that runs longer is stopped (read-only reports, default 30 s). SQLite reports have no limit."
      >
        <input
          value={reportTimeout}
          onChange={(e) => setReportTimeout(e.target.value)}
          inputMode="numeric"
          aria-label="Report time limit in seconds"
          {...field(K.reportTimeout)}
        />
      </Setting>
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
