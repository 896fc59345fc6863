/**
 * The directions of /work/shared/STYLE.md, checked by `npm run lint`.
 *
 * Domain modules, lowest first:
 *   accounts ← organisations ← accreditation
 *                           ← consultations ← registrations ← funding
 * Capabilities still to come already have their places:
 *   letters → registrations and funding; badges, check-in → registrations;
 *   inputs → registrations (who may submit), consultations and organisations;
 *   follow-up → inputs (recommendations answer submissions), consultations and organisations;
 *   reminders → accreditation, registrations and funding (it reminds of their deadlines);
 *   webhooks → registrations, funding, accounts (it follows them through the audit log and their
 *   events, and nothing imports it).
 * Above everything: composition (pages that read several modules), personal-data (a person's
 * data export and deletion, the retention job, the published participant list), workspace (staff
 * tools that change several modules at once: merge, bulk decisions, messages, exports) and demo (the seed).
 * Beside everything: common, config, database (plumbing) and the leaves mail, audit, rate-limit, health,
 * host and data-protection (the registries of retention steps and data-export sections).
 */
const DOMAIN = [
  'accounts',
  'organisations',
  'accreditation',
  'consultations',
  'registrations',
  'funding',
  'letters',
  'badges',
  'check-in',
  'inputs',
  'follow-up',
  'reminders',
  'webhooks',
];
const TOP = ['composition', 'personal-data', 'workspace', 'demo'];
const LEAVES = ['mail', 'audit', 'rate-limit', 'health', 'host', 'data-protection'];

const folders = (names) => `^src/(${names.join('|')})/`;

/** What each domain module may NOT import: everything not below it. */
const ABOVE = {
  accounts: DOMAIN.filter((m) => m !== 'accounts'),
  organisations: DOMAIN.filter((m) => !['accounts', 'organisations'].includes(m)),
  accreditation: DOMAIN.filter((m) => !['accounts', 'organisations', 'accreditation'].includes(m)),
  consultations: DOMAIN.filter((m) => !['accounts', 'organisations', 'consultations'].includes(m)),
  registrations: DOMAIN.filter(
    (m) => !['accounts', 'organisations', 'consultations', 'registrations'].includes(m),
  ),
  funding: DOMAIN.filter(
    (m) => !['accounts', 'organisations', 'consultations', 'registrations', 'funding'].includes(m),
  ),
  letters: ['accreditation', 'badges', 'check-in', 'inputs', 'follow-up', 'reminders', 'webhooks'],
  badges: [
    'accreditation',
    'funding',
    'letters',
    'check-in',
    'inputs',
    'follow-up',
    'reminders',
    'webhooks',
  ],
  'check-in': [
    'accreditation',
    'funding',
    'letters',
    'badges',
    'inputs',
    'follow-up',
    'reminders',
    'webhooks',
  ],
  inputs: [
    'accreditation',
    'funding',
    'letters',
    'badges',
    'check-in',
    'follow-up',
    'reminders',
    'webhooks',
  ],
  'follow-up': [
    'accreditation',
    'registrations',
    'funding',
    'letters',
    'badges',
    'check-in',
    'reminders',
    'webhooks',
  ],
  reminders: ['letters', 'badges', 'check-in', 'inputs', 'follow-up', 'webhooks'],
  webhooks: ['letters', 'badges', 'check-in', 'inputs', 'follow-up', 'reminders'],
};

const layering = Object.entries(ABOVE).map(([module, forbidden]) => ({
  name: `${module}-points-down`,
  comment: `${module} may not import ${forbidden.join(', ')}: dependencies point down (STYLE.md). Let a higher module react through an event instead.`,
  severity: 'error',
  from: { path: `^src/${module}/` },
  to: { path: folders(forbidden) },
}));

module.exports = {
  forbidden: [
    ...layering,
    {
      name: 'top-is-imported-by-nobody',
      comment:
        'composition, workspace and the demo seed sit on top: only the app module wires them in (and the entity registry lists their entities).',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [folders(TOP), '^src/app\\.module\\.ts$', '^src/database/entities\\.ts$'],
      },
      to: { path: folders(TOP) },
    },
    {
      name: 'common-is-plumbing',
      comment: 'common/ is web plumbing: it imports no domain module, leaf or top module.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: folders([...DOMAIN, ...LEAVES, ...TOP]) },
    },
    {
      name: 'leaves-import-no-domain',
      comment:
        'mail, audit, rate-limit and health are leaves everyone may call: their services import no domain module.',
      severity: 'error',
      from: { path: folders(LEAVES), pathNot: '\\.controller\\.ts$' },
      to: { path: folders([...DOMAIN, ...TOP]) },
    },
    {
      name: 'database-knows-entities-only-in-the-registry',
      comment:
        'database/entities.ts is the one registry that imports every entity; the rest of database/ imports no module.',
      severity: 'error',
      from: { path: '^src/database/', pathNot: '^src/database/entities\\.ts$' },
      to: { path: folders([...DOMAIN, ...LEAVES, ...TOP]) },
    },
    {
      name: 'entity-registry-imports-entities',
      comment: 'database/entities.ts lists entities, nothing else.',
      severity: 'error',
      from: { path: '^src/database/entities\\.ts$' },
      to: { path: folders([...DOMAIN, ...LEAVES, ...TOP]), pathNot: '\\.entity\\.ts$' },
    },
    {
      name: 'nothing-imports-a-controller',
      comment: 'Controllers are entry points: shared view models belong in <module>.views.ts.',
      severity: 'error',
      from: { pathNot: ['\\.module\\.ts$'] },
      to: { path: '\\.controller\\.ts$' },
    },
    {
      name: 'entities-import-no-logic',
      comment:
        'An entity maps a table: it imports other entities, column types and the pure types of its column values, never a service, controller, module or DTO.',
      severity: 'error',
      from: { path: '\\.entity\\.ts$' },
      to: { path: ['\\.(service|controller|module)\\.ts$', '/dto/'] },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle (and the forwardRef it needs) means a direction broke. Entities may name each other (TypeORM relations) since they import no logic.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '\\.entity\\.ts$' } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
