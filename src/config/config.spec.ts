import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env';
import {
  accountsConfig,
  appConfig,
  configNamespaces,
  databaseConfig,
  defaultsEnvFile,
  hostConfig,
  mailConfig,
} from './index';

const original = { ...process.env };

function withEnv(env: Record<string, string>, read: () => unknown): unknown {
  process.env = { ...env };
  try {
    return read();
  } finally {
    process.env = { ...original };
  }
}

function documentedDefaults(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(defaultsEnvFile, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

describe('configuration', () => {
  it('documents in config/defaults.env exactly the defaults the code uses', () => {
    const documented = documentedDefaults();
    for (const namespace of configNamespaces) {
      expect(withEnv(documented, namespace)).toEqual(withEnv({}, namespace));
    }
  });

  it('documents every variable the code reads', () => {
    const documented = Object.keys(documentedDefaults());
    const sources = ['app', 'accounts', 'database', 'mail', 'host', 'reminders', 'retention']
      .map((n) => readFileSync(`${__dirname}/${n}.config.ts`, 'utf8'))
      .join('\n');
    const read = [
      ...sources.matchAll(/\b(?:str|int|bool|oneOf|url|line|email|logo|days|kinds)\('([A-Z_]+)'/g),
    ].map((m) => m[1]);
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it.each([
    [{ PORT: 'eighty' }, appConfig, /PORT must be a whole number/],
    [{ PORT: '70000' }, appConfig, /PORT must be a whole number from 0 to 65535/],
    [{ TRUST_PROXY: 'maybe' }, appConfig, /TRUST_PROXY must be true, false, a number of hops/],
    [{ TRUST_PROXY: '10.0.0.1, 10.0.0.300' }, appConfig, /TRUST_PROXY must be .*got "10.0.0.300"/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, appConfig, /TRUST_PROXY must be/],
    [{ HOST_NAME: 'Forum\nBcc: x' }, hostConfig, /HOST_NAME must be one line/],
    [{ HOST_ADDRESS: 'x'.repeat(301) }, hostConfig, /HOST_ADDRESS must be one line of at most 300/],
    [{ HOST_CONTACT_EMAIL: 'help' }, hostConfig, /HOST_CONTACT_EMAIL must be an email address/],
    [{ PRIVACY_URL: 'javascript:alert(1)' }, hostConfig, /PRIVACY_URL must start with/],
    [{ HOST_LOGO_FILE: 'public/logo.gif' }, hostConfig, /HOST_LOGO_FILE must be a .png, .svg/],
    [{ HOST_LOGO_FILE: 'var/no-such-logo.png' }, hostConfig, /HOST_LOGO_FILE cannot be read/],
    [{ NODE_ENV: 'staging' }, appConfig, /NODE_ENV must be one of/],
    [{ NODE_ENV: 'production' }, appConfig, /SESSION_SECRET is required when NODE_ENV=production/],
    [{ SESSION_SECRET: 'short' }, appConfig, /SESSION_SECRET must be at least 32 characters/],
    [{ APP_BASE_URL: 'ftp://x' }, appConfig, /APP_BASE_URL must start with/],
    [
      { DATABASE_URL: 'mysql://x' },
      databaseConfig,
      /DATABASE_URL must be sqlite:<path> or postgres/,
    ],
    [{ SMTP_URL: 'not a url' }, mailConfig, /SMTP_URL must be a URL/],
    [
      { ADMIN_EMAIL: 'admin@example.org' },
      accountsConfig,
      /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    ],
  ])('stops the boot on %p with a message naming the variable', (env, namespace, message) => {
    expect(() => withEnv(env as Record<string, string>, namespace)).toThrow(message);
  });

  it.each([
    [
      { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'a perfectly good passphrase' },
      /ADMIN_EMAIL must be an email address/,
      'a perfectly good passphrase',
    ],
    [
      { ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'Short1!' },
      /ADMIN_PASSWORD must be 12 to 128 characters long/,
      'Short1!',
    ],
    [
      { ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'password1234' },
      /ADMIN_PASSWORD is too common/,
      'password1234',
    ],
    [
      { ADMIN_EMAIL: 'administrator@example.org', ADMIN_PASSWORD: 'Administrator' },
      /ADMIN_PASSWORD must not be the email address/,
      'Administrator',
    ],
    [
      { DATABASE_URL: 'mysql://root:hunter2-secret@db.internal/convene' },
      /DATABASE_URL must be sqlite:<path> or postgres:\/\/… \(got a "mysql:" URL/,
      'hunter2-secret',
    ],
    [{ DATABASE_URL: 'root:hunter2-secret@db.internal' }, /DATABASE_URL must be/, 'hunter2-secret'],
    [{ SMTP_URL: 'smtp://mailer:hunter2 secret@[bad' }, /SMTP_URL must be a URL/, 'hunter2'],
  ])(
    'stops the boot, as main.ts reads the configuration, on %p without showing the secret',
    (env, message, secret) => {
      let error: unknown;
      withEnv(env, () => {
        try {
          configNamespaces.forEach((namespace) => namespace());
        } catch (caught) {
          error = caught;
        }
      });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).stack).not.toContain(secret);
    },
  );

  it('accepts a first admin whose password meets the policy', () => {
    const accounts = withEnv(
      { ADMIN_EMAIL: 'Admin@Example.org', ADMIN_PASSWORD: 'a perfectly good passphrase' },
      accountsConfig,
    ) as ReturnType<typeof accountsConfig>;
    expect(accounts.adminEmail).toBe('admin@example.org');
  });

  it.each([
    ['false', false],
    ['true', 1],
    ['TRUE', 1],
    ['0', false],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
  ])('reads TRUST_PROXY=%p as %p (true is one hop, never every hop)', (value, expected) => {
    expect(
      (withEnv({ TRUST_PROXY: value }, appConfig) as ReturnType<typeof appConfig>).trustProxy,
    ).toEqual(expected);
  });

  it('reads the host logo once, and refuses a file that is not what its name says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convene-logo-'));
    try {
      writeFileSync(
        join(dir, 'logo.svg'),
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
      );
      writeFileSync(join(dir, 'fake.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      const host = withEnv({ HOST_LOGO_FILE: join(dir, 'logo.svg') }, hostConfig) as ReturnType<
        typeof hostConfig
      >;
      expect(host.logo).toMatchObject({ contentType: 'image/svg+xml' });
      expect(host.logo?.version).toMatch(/^[0-9a-f]{12}$/);
      expect(() => withEnv({ HOST_LOGO_FILE: join(dir, 'fake.png') }, hostConfig)).toThrow(
        /HOST_LOGO_FILE is not the image\/png its name says/,
      );
      expect(withEnv({ HOST_NAME: 'Forum', HOST_NAME_ES: 'Foro' }, hostConfig)).toMatchObject({
        names: { en: 'Forum', fr: 'Forum', es: 'Foro' },
        logo: null,
        privacyUrl: '',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts production with a long secret and reads database URLs', () => {
    const app = withEnv(
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      appConfig,
    ) as ReturnType<typeof appConfig>;
    expect(app.production).toBe(true);
    expect(withEnv({ DATABASE_URL: 'postgres://u@h:5432/d' }, databaseConfig)).toMatchObject({
      kind: 'postgres',
      url: 'postgres://u@h:5432/d',
      limits: { poolMax: 10 },
    });
    expect(withEnv({ DATABASE_URL: 'sqlite:/tmp/a.sqlite' }, databaseConfig)).toMatchObject({
      kind: 'sqlite',
      path: '/tmp/a.sqlite',
    });
  });
});
