// The Overview (issue 14): forum health for a range and a users segment. Placeholder until the
// figures land in the next commit; the types are final (core/types/reports.ts).
import { AppError } from '../errors';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import type { OverviewReport } from '../types/reports';
import type { NowInput } from './report-range';

export interface OverviewQuery {
  segment?: string;
  dates?: string;
  now?: NowInput;
}

export async function reportOverview(_db: Db, _settings: AnalyticsSettings, _q: OverviewQuery = {}): Promise<OverviewReport> {
  throw new AppError('INTERNAL', 'the Overview is not implemented yet');
}
