// A zod error as one line a moderator can read: each problem with the field it is about.
import type { z } from 'zod';

export function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ');
}
