// Askbot's `get_organization_name_from_domain` (SCHEMA.md §3.9): the registrable label of an e-mail
// domain, found with the public-suffix list's ICANN section only (tldextract's default, so
// `foo.github.io` → `Github`), split on '-' and each part capitalised like Python's str.capitalize().
import { parse } from 'tldts';

/** The name `askbot_create_per_email_domain_groups` gives users whose address has no domain. */
export const UNKNOWN_ORGANIZATION = 'Unknown organization';

/** The label tldextract reports as `domain`: left of a known ICANN suffix, else the last label. */
export function registrableLabel(domain: string): string {
  const text = domain.trim();
  if (text === '') return '';
  const p = parse(text, { allowPrivateDomains: false });
  // tldextract returns an IP address whole as the "domain".
  if (p.isIp) return p.hostname ?? text;
  // A known ICANN suffix: the label just left of it ('' when the name is itself a suffix, e.g. co.uk).
  if (p.isIcann) return p.domainWithoutSuffix ?? '';
  // tldextract treats an unknown TLD as no suffix at all, so the last label is the domain.
  const host = (p.hostname ?? text).replace(/\.+$/, '');
  const labels = host.split('.');
  return labels[labels.length - 1] ?? '';
}

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
}

/** The organization group name for an e-mail domain (`''` for an empty domain, as Askbot's function). */
export function organizationNameFromDomain(domain: string): string {
  return registrableLabel(domain).split('-').map(capitalize).join('-');
}

/** The group a domain's users join: as the management command, an empty domain means "Unknown organization". */
export function organizationGroupName(domain: string): string {
  const name = domain.trim() === '' ? '' : organizationNameFromDomain(domain);
  return name === '' ? UNKNOWN_ORGANIZATION : name;
}
