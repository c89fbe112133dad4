// The questions behind the Overview's answering figures (issue 14). Placeholder until the report lands.
import { AppError } from '../errors';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import type { QuestionsReport } from '../types/reports';
import type { NowInput } from './report-range';

export interface QuestionsQuery {
  segment?: string;
  dates?: string;
  which?: string;
  page?: number;
  now?: NowInput;
}

export async function reportQuestions(_db: Db, _settings: AnalyticsSettings, _q: QuestionsQuery = {}): Promise<QuestionsReport> {
  throw new AppError('INTERNAL', 'the questions list is not implemented yet');
}
