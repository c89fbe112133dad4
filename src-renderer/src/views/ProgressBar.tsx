import type { JobInfo } from '../../../src-preload/contract';
import { JOB_LABELS, formatNumber } from '../format';

/** A job's progress: its step and done/total, as an accessible progressbar. */
export function ProgressBar({ job }: { job: JobInfo }) {
  const label = JOB_LABELS[job.kind];
  const known = job.total > 0;
  return (
    <div className="progress" data-testid={`progress-${job.kind}`}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${label} progress`}
        aria-valuemin={0}
        aria-valuemax={known ? job.total : undefined}
        aria-valuenow={known ? job.done : undefined}
        aria-valuetext={known ? `${job.step}: ${job.done} of ${job.total}` : job.step}
      >
        <div
          className={known ? 'progress-fill' : 'progress-fill indeterminate'}
          style={{ width: known ? `${Math.min(100, (100 * job.done) / job.total)}%` : '30%' }}
        />
      </div>
      <div className="progress-text">
        {job.step || 'Starting…'}
        {known && ` — ${formatNumber(job.done)} / ${formatNumber(job.total)}`}
      </div>
    </div>
  );
}
