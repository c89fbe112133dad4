// Organizations by e-mail domain (DESIGN.md §6).
export { previewEmailDomainGroups, createEmailDomainGroups, EMAIL_DOMAIN_SQL } from './email-domains';
export type { OrganizationPlan, OrganizationPlanItem, OrganizationResult, JobOptions } from './email-domains';
export { organizationNameFromDomain, organizationGroupName, registrableLabel, UNKNOWN_ORGANIZATION } from './organization-name';
