// Under a report's filters: a Cancel once the report has run longer than a second, and afterwards why
// it stopped (the moderator's Cancel, or the time limit in Settings) with a way to run it again. A
// stopped report is not an error of the app, so it is shown as a notice, not in the error banner.
import { reportsStore } from '../stores';

export function ReportRunState({ slow, stopped, onRetry, testId }: { slow: boolean; stopped: string | null; onRetry: () => void; testId: string }) {
  if (slow) {
    return (
      <div className="report-state" role="status" data-testid={`${testId}-running`}>
        <span>The report is still running…</span>
        <button type="button" className="secondary" onClick={() => void reportsStore.getState().cancelReports()}>
          Cancel
        </button>
      </div>
    );
  }
  if (!stopped) return null;
  return (
    <div className="report-state stopped" role="status" data-testid={`${testId}-stopped`}>
      <span>{stopped}</span>
      <button type="button" className="secondary" onClick={onRetry}>
        Run again
      </button>
    </div>
  );
}
