// Word lists for the demo forum: organizations, people, tags and question titles. Invented names only.

/** The demo's organizations: [domain, relative size]. Two domains map to one group (Globex). */
export const ORGANIZATION_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ['acme.com', 18],
  ['globex.com', 12],
  ['globex.net', 3],
  ['initech.com', 10],
  ['umbrella-corp.com', 8],
  ['hooli.io', 7],
  ['mail.cyberdyne.co.uk', 6],
  ['stark-industries.com', 5],
  ['soylent.org', 4],
  ['tyrell.de', 4],
  ['wonka.fr', 3],
];

/** Public-mail providers: their users belong to no organization. */
export const PUBLIC_MAIL_DOMAINS: readonly string[] = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'proton.me'];

/** Share of users with a public-mail address. */
export const PUBLIC_MAIL_SHARE = 0.3;

/** The host organization: administrator, moderator and the Staff group come from here. */
export const HOST_DOMAIN = 'acme.com';
/** Users of these organizations are also put in the Partners group. */
export const PARTNER_DOMAINS: readonly string[] = ['initech.com', 'hooli.io'];

export const FIRST_NAMES: readonly string[] = [
  'Ada',
  'Alan',
  'Amara',
  'Anna',
  'Arjun',
  'Bea',
  'Boris',
  'Carla',
  'Chen',
  'Dana',
  'Diego',
  'Elena',
  'Emil',
  'Farah',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Ivan',
  'Jana',
  'Jonas',
  'Kai',
  'Kenji',
  'Lara',
  'Leo',
  'Lina',
  'Luca',
  'Maya',
  'Mateo',
  'Mira',
  'Nadia',
  'Nico',
  'Nora',
  'Omar',
  'Olga',
  'Pablo',
  'Priya',
  'Quinn',
  'Rafael',
  'Rosa',
  'Sami',
  'Sara',
  'Tariq',
  'Tess',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
];

export const LAST_NAMES: readonly string[] = [
  'Abe',
  'Bauer',
  'Costa',
  'Dahl',
  'Egger',
  'Fischer',
  'Garcia',
  'Haas',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Meyer',
  'Novak',
  'Okafor',
  'Petrov',
  'Quist',
  'Rossi',
  'Silva',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhou',
];

export const TAGS: readonly string[] = [
  'python',
  'django',
  'postgresql',
  'sqlite',
  'deployment',
  'email',
  'login',
  'search',
  'tags',
  'moderation',
  'groups',
  'upload',
  'api',
  'docker',
  'nginx',
  'performance',
  'i18n',
  'markdown',
  'notifications',
  'badges',
  'karma',
  'ldap',
  'backup',
  'migration',
  'theme',
  'widgets',
  'spam',
  'analytics',
  'celery',
  'cache',
];

const VERBS = ['configure', 'migrate', 'speed up', 'debug', 'restrict', 'customise', 'back up', 'translate', 'secure', 'monitor'];
const THINGS = [
  'e-mail notifications',
  'the tag cloud',
  'user groups',
  'file uploads',
  'the search index',
  'LDAP sign-in',
  'badges',
  'the moderation queue',
  'karma thresholds',
  'the home page widgets',
  'celery workers',
  'the cache',
  'private groups',
];
const CONTEXTS = ['behind nginx', 'on PostgreSQL', 'on SQLite', 'in Docker', 'after the upgrade', 'for a large site', 'without downtime', ''];

export function questionTitle(pick: <T>(xs: readonly T[]) => T): string {
  const ctx = pick(CONTEXTS);
  return `How do I ${pick(VERBS)} ${pick(THINGS)}${ctx ? ' ' + ctx : ''}?`;
}

const OPENERS = ['I tried the steps in the docs', 'This started after our last upgrade', 'We run a mid-sized forum', 'Our admins asked about this'];
const CLOSERS = ['Any pointers welcome.', 'Thanks in advance!', 'What am I missing?', 'Is there a setting for this?'];
const ANSWERS = [
  'Check the settings page under the relevant section; the default is off.',
  'Restart the workers after changing this, the value is cached.',
  'This is a known limitation; the workaround is to run the management command nightly.',
  'You need to grant the group permission first, then it works.',
  'Upgrading to the latest release fixed it for us.',
];
const COMMENTS = ['Thanks, that worked!', 'Which version is this?', 'Same problem here.', 'Could you post the log?', '+1, very helpful.', 'Not for me, sadly.'];

export function questionText(pick: <T>(xs: readonly T[]) => T): string {
  return `${pick(OPENERS)}, but it does not behave as expected. ${pick(CLOSERS)}`;
}
export function answerText(pick: <T>(xs: readonly T[]) => T): string {
  return pick(ANSWERS);
}
export function commentText(pick: <T>(xs: readonly T[]) => T): string {
  return pick(COMMENTS);
}

/** Relative activity per weekday, Sunday first: quieter weekends. */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.35, 1.0, 1.05, 1.0, 0.95, 0.8, 0.45];

/** Relative activity per UTC hour: a working-day curve with morning and afternoon peaks. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 1.0, 1.3, 1.4, 1.3, 1.1, 1.2, 1.35, 1.3, 1.1, 0.9, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2,
];
