import { createEmailDomainGroups, previewEmailDomainGroups, type OrganizationPlan } from '../../core/groups';
import { table } from '../output';
import type { CliCommand } from '../command';

function planTable(plan: OrganizationPlan): string {
  return table(
    ['group', 'action', 'domains', 'users', 'new members'],
    plan.groups.map((g) => [
      g.name,
      g.action === 'flag' && g.addsAskbotGroup ? 'flag (+askbot group)' : g.action,
      g.domains.map((d) => d || '(none)').join(', '),
      g.users,
      g.newMembers,
    ]),
  );
}

export const createGroupsCommand: CliCommand = {
  name: 'create-groups',
  summary: 'create an analytics group per e-mail domain (organization) and join every user to theirs',
  usage:
    'Needs ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED = true in --settings (except --dry-run).\n' +
    'Existing groups are matched case-insensitively and flagged used_for_analytics; memberships are added, never removed.',
  options: {
    'dry-run': { type: 'boolean', description: 'list the groups to create or flag and the members each would gain; write nothing' },
  },
  async run(ctx) {
    const db = await ctx.openDb({ write: !ctx.options['dry-run'] });
    if (ctx.options['dry-run']) {
      const plan = await previewEmailDomainGroups(db, ctx.settings);
      if (!plan.enabled) ctx.out.warn('ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED is false: the real run will refuse until it is set');
      ctx.out.result({ ok: true, dryRun: true, ...plan }, () =>
        [
          `Would create ${plan.toCreate} groups, flag ${plan.toFlag} existing ones and add ${plan.newMemberships} memberships (nothing written):`,
          '',
          planTable(plan),
        ].join('\n'),
      );
      return;
    }
    const result = await createEmailDomainGroups(db, ctx.settings, {
      now: Date.now() * 1000,
      signal: ctx.signal,
      onProgress: (p) => ctx.out.progress(p),
    });
    ctx.out.result({ ok: true, dryRun: false, ...result }, () =>
      [
        `Created ${result.toCreate} groups, flagged ${result.toFlag} existing ones and added ${result.newMemberships} memberships.`,
        result.summariesRebuilt ? 'Group summaries were rebuilt.' : 'Nothing changed, so the group summaries were left as they are.',
        '',
        planTable(result),
      ].join('\n'),
    );
  },
};
