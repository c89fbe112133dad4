// Entry of the job worker thread (built to out/main/job-worker.js).
import { JOB_KINDS } from './kinds';
import { serveJob } from './serve';

await serveJob(JOB_KINDS);
