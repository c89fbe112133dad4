// auth/*: signing in to the console with a forum administrator or moderator account.
import { authenticateStaff } from '../core/auth/sign-in';
import { AppError } from '../core/errors';
import type { DomainHandlers } from './registry';

export const authHandlers: DomainHandlers<'auth/signIn' | 'auth/signOut' | 'auth/current'> = {
  'auth/signIn': async (req, { state }) => {
    const db = state.requireDb();
    state.rateLimiter.check(req.login);
    try {
      const user = await authenticateStaff(db, req.login, req.password);
      state.rateLimiter.succeed(req.login);
      state.user = user;
      return user;
    } catch (err) {
      if (err instanceof AppError && err.code === 'AUTH') state.rateLimiter.fail(req.login);
      throw err;
    }
  },
  'auth/signOut': async (_req, { state }) => {
    state.user = undefined;
    return null;
  },
  'auth/current': async (_req, { state }) => state.user ?? null,
};
