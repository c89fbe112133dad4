// Seeding (DESIGN.md §7): analytics content from forum activity, and the demo forum.
export { seedEventsFromForum } from './events';
export type { SeedEventsResult } from './events';
