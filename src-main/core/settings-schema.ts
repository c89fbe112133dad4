// THE declaration of the analytics settings: each key (Askbot's own names, DESIGN.md §4), its shape and
// its default. Only zod and constants here, so the renderer can take the types across the IPC contract
// (type-only: nothing of this reaches its bundle) while main validates with the schema (settings.ts).
import { z } from 'zod';
import { INT4_MAX } from './input';

const segmentSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty'),
  slug: z.string(),
  description: z.string().default(''),
  group_ids: z
    .array(z.number().int().positive('group ids are positive integers').max(INT4_MAX, `group ids are at most ${INT4_MAX} (askbot_group ids are integer)`))
    .max(10_000)
    .default([]),
});

const defaultSegmentSchema = z.object({
  name: z.string().trim().min(1).optional(),
  slug: z.string().optional(),
  description: z.string().optional(),
});

export const settingsSchema = z
  .object({
    ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: z.boolean().default(false),
    ASKBOT_ANALYTICS_NAMED_SEGMENTS: z.array(segmentSchema).default([]),
    ASKBOT_ANALYTICS_DEFAULT_SEGMENT: defaultSegmentSchema.default({}),
    USE_TZ: z.boolean().default(true),
    TIME_ZONE: z.string().default('UTC'),
    /** The console's own: PostgreSQL reports stop after this many seconds (statement_timeout). */
    REPORT_TIMEOUT_SECONDS: z.number().int().min(1).max(3600).default(30),
    /**
     * The console's own "Leave staff out" switch: administrators and moderators (Askbot status `d`/`m`)
     * and superusers are left out of every report, chart and export.
     */
    EXCLUDE_STAFF: z.boolean().default(false),
  })
  .strict();

export type AnalyticsSettings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type SettingKey = keyof AnalyticsSettings;
export type NamedSegment = AnalyticsSettings['ASKBOT_ANALYTICS_NAMED_SEGMENTS'][number];
