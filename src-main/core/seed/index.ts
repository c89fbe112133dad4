// Seeding (DESIGN.md §7): analytics content from forum activity, and the demo forum.
export { seedEventsFromForum } from './events';
export type { SeedEventsResult } from './events';
export { seedDemo, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD, DEMO_MODERATOR_USERNAME, DEMO_MODERATOR_PASSWORD, DEMO_DEFAULTS } from './demo';
export type { DemoOptions, DemoSummary } from './demo';
