// The connected database at a glance: engine, schema, and the analytics row counts.
import type { ConnectionInfo } from '../../../src-preload/contract';
import { useConnection } from '../stores';
import { ErrorBanner } from './ErrorBanner';

const fmt = new Intl.NumberFormat();

export function StatusView({ connection }: { connection: ConnectionInfo }) {
  const disconnect = useConnection((s) => s.disconnect);
  const refresh = useConnection((s) => s.refreshStatus);
  const error = useConnection((s) => s.error);
  const clearError = useConnection((s) => s.clearError);
  const { status } = connection;
  const counts = status.counts;
  const figures: Array<[string, number]> = counts
    ? [
        ['Users', counts.users],
        ['Groups', counts.groups],
        ['Analytics groups', counts.analytics_groups],
        ['Sessions', counts.sessions],
        ['Events', counts.events],
        ['Events waiting to be compiled', counts.unsummarized_events],
      ]
    : [];
  return (
    <section className="status" aria-labelledby="status-title">
      <div className="toolbar">
        <h2 id="status-title">Database status</h2>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
        <button type="button" onClick={() => void disconnect()}>
          Disconnect
        </button>
      </div>
      <ErrorBanner message={error} onDismiss={clearError} />
      <p className="db-line" data-testid="db-line">
        <span className="badge">{status.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}</span> {status.database}
        {status.read_only && <span className="badge warn">read-only</span>}
        <span className="badge ok">{status.schema.analytics ? 'Askbot schema found' : 'Askbot schema incomplete'}</span>
      </p>
      <div className="figures">
        {figures.map(([label, value]) => (
          <div className="figure" key={label} data-testid={`figure-${label}`}>
            <div className="value">{fmt.format(value)}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </div>
      {status.summaries && (
        <table className="grid" aria-label="Summary tables">
          <thead>
            <tr>
              <th scope="col">Summary table</th>
              <th scope="col" className="num">
                Rows
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(status.summaries).map(([table, n]) => (
              <tr key={table}>
                <td>{table}</td>
                <td className="num">{fmt.format(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
