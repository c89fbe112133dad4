// Retention cohorts (issue 14). Placeholder until the report lands in the next commit.
import { AppError } from '../errors';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import type { RetentionReport } from '../types/reports';
import type { NowInput } from './report-range';

export interface RetentionQuery {
  segment?: string;
  dates?: string;
  now?: NowInput;
}

export async function reportRetention(_db: Db, _settings: AnalyticsSettings, _q: RetentionQuery = {}): Promise<RetentionReport> {
  throw new AppError('INTERNAL', 'retention cohorts are not implemented yet');
}
