import { describe, expect, it } from 'vitest';
import { ConnectConfigError } from '@mango/connect-shared';
import { DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import { isTrustedUrl, loadConfig, PUBLISHED_DEMO_SECRETS } from './config.js';
import { TEST_SECRETS, testEnv } from './testing/test-server.js';

const configError = (env: Record<string, string | undefined>): ConnectConfigError => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConnectConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the environment');
};

describe('loadConfig', () => {
  it('refuses to start without a session secret, naming the variable', () => {
    const { BIZ_SESSION_SECRET: _, ...rest } = testEnv();
    expect(configError(rest).message).toMatch(/BIZ_SESSION_SECRET is not set/);
  });

  it('refuses a Connect JWT secret shorter than 32 bytes, naming it and its length', () => {
    expect(configError(testEnv({ MANGO_CONNECT_JWT_SECRET: 'short-secret' })).message).toMatch(
      /MANGO_CONNECT_JWT_SECRET must be at least 32 bytes \(got 12\)/,
    );
  });

  it('lists every problem at once so one restart fixes them all', () => {
    const message = configError({ BIZ_DEV_MODE: '1', MANGO_CONNECT_WEBHOOK_SECRET: 'x' }).message;
    expect(message).toMatch(/BIZ_SESSION_SECRET/);
    expect(message).toMatch(/MANGO_CONNECT_JWT_SECRET/);
    expect(message).toMatch(/MANGO_CONNECT_WEBHOOK_SECRET must be at least 32 bytes/);
  });

  it('refuses http Connect URLs outside dev mode', () => {
    const env = { ...TEST_SECRETS, MANGO_CONNECT_API_URL: 'http://localhost:5175' };
    expect(configError(env).message).toMatch(/MANGO_CONNECT_API_URL uses http .*BIZ_DEV_MODE=1/);
  });

  it('refuses http to a non-local host even in dev mode', () => {
    expect(configError(testEnv({ MANGO_CONNECT_API_URL: 'http://connect.example.com' })).message).toMatch(
      /MANGO_CONNECT_API_URL must use https/,
    );
  });

  it('refuses an untrusted-origin list entry that is plain http, naming the variable', () => {
    const env = testEnv({ MANGO_CONNECT_TRUSTED_ORIGINS: 'https://a.connect.example, http://evil.example' });
    expect(configError(env).message).toMatch(/MANGO_CONNECT_TRUSTED_ORIGINS http:\/\/evil\.example must use https/);
  });

  it('defaults to the local stack in dev mode', () => {
    const config = loadConfig(testEnv());
    expect(config.port).toBe(5173);
    expect(config.connect.apiUrl).toBe('http://localhost:5175');
    expect(config.connect.sdkUrl).toBe('http://localhost:5175/sdk/mango-connect-sdk.js');
    expect(config.remoteEntryUrl).toBe('http://localhost:5174/mf-manifest.json');
    expect(config.connect.trustedOrigins).toEqual(['http://localhost:5175']);
  });

  it('trusts the API origin plus the extra origins, and accepts https in production', () => {
    const config = loadConfig({
      ...TEST_SECRETS,
      MANGO_CONNECT_API_URL: 'https://api.connect.example/v1/',
      MANGO_CONNECT_SDK_URL: 'https://cdn.connect.example/sdk.js',
      CONNECT_HOST_REMOTE_URL: 'https://remote.example/mf-manifest.json',
      MANGO_CONNECT_TRUSTED_ORIGINS: 'https://hooks.connect.example/ignored-path',
      SHELL_PORT: '8080',
    });
    expect(config.devMode).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.connect.apiUrl).toBe('https://api.connect.example/v1');
    expect(config.connect.trustedOrigins).toEqual(['https://api.connect.example', 'https://hooks.connect.example']);
  });
  it('defaults to PGlite (no DATABASE_URL), the in-process worker, and loopback', () => {
    const config = loadConfig(testEnv());
    expect(config.databaseUrl).toBeUndefined();
    expect(config.worker).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(loadConfig(testEnv({ BIZ_WORKER: '0', BIZ_HOST: '0.0.0.0' }))).toMatchObject({ worker: false, host: '0.0.0.0' });
    expect(loadConfig(testEnv({ DATABASE_URL: 'postgres://biz@db.example:5432/biz' })).databaseUrl).toBe('postgres://biz@db.example:5432/biz');
    expect(configError(testEnv({ DATABASE_URL: 'mysql://db.example/biz' })).message).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(configError(testEnv({ BIZ_WORKER: 'yes' })).message).toMatch(/BIZ_WORKER must be 0 \(off\) or 1 \(on\)/);
  });

  it('refuses secrets that are equal to each other, in any mode', () => {
    const same = 'one-secret-used-for-two-things-0123456789';
    expect(configError(testEnv({ MANGO_CONNECT_JWT_SECRET: same, MANGO_CONNECT_WEBHOOK_SECRET: same })).message).toMatch(
      /MANGO_CONNECT_JWT_SECRET and MANGO_CONNECT_WEBHOOK_SECRET must be different secrets/,
    );
  });

  it('refuses the published demo secrets in production mode, and takes them in demo mode', () => {
    const https = { MANGO_CONNECT_API_URL: 'https://api.connect.example', MANGO_CONNECT_SDK_URL: 'https://api.connect.example/sdk.js', CONNECT_HOST_REMOTE_URL: 'https://remote.example/mf-manifest.json' };
    const message = configError({ ...DEMO_SECRETS, ...https }).message;
    for (const name of Object.keys(DEMO_SECRETS)) expect(message).toContain(`${name} is the published demo secret`);
    expect(loadConfig({ ...DEMO_SECRETS, BIZ_DEV_MODE: '1' }).devMode).toBe(true);
  });

  it('knows the same demo secrets the demo scripts publish', () => {
    expect([...PUBLISHED_DEMO_SECRETS].sort()).toEqual(Object.values(DEMO_SECRETS).sort());
  });

  it('reads a per-attempt webhook timeout and refuses one that is not a sane number of milliseconds', () => {
    expect(loadConfig(testEnv()).webhookTimeoutMs).toBeUndefined();
    expect(loadConfig({ ...testEnv(), BIZ_WEBHOOK_TIMEOUT_MS: '2000' }).webhookTimeoutMs).toBe(2000);
    expect(configError({ ...testEnv(), BIZ_WEBHOOK_TIMEOUT_MS: '2s' }).message).toMatch(/BIZ_WEBHOOK_TIMEOUT_MS/);
    expect(configError({ ...testEnv(), BIZ_WEBHOOK_TIMEOUT_MS: '5' }).message).toMatch(/BIZ_WEBHOOK_TIMEOUT_MS/);
  });
  it('reads a webhook retry schedule override and refuses one that is not a list of milliseconds', () => {
    expect(loadConfig(testEnv()).webhookRetryScheduleMs).toBeUndefined();
    expect(loadConfig({ ...testEnv(), BIZ_WEBHOOK_RETRY_SCHEDULE_MS: '0, 1000,2000' }).webhookRetryScheduleMs).toEqual([0, 1000, 2000]);
    expect(configError({ ...testEnv(), BIZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,5s' }).message).toMatch(/BIZ_WEBHOOK_RETRY_SCHEDULE_MS must be a comma-separated list/);
  });
});

describe('isTrustedUrl', () => {
  const trusted = ['https://api.connect.example'];
  it('accepts any path on a trusted origin', () => {
    expect(isTrustedUrl('https://api.connect.example/webhook-mango-biz', trusted)).toBe(true);
  });
  it('refuses look-alike hosts, other ports, other schemes and credentials', () => {
    expect(isTrustedUrl('https://api.connect.example.evil.com/x', trusted)).toBe(false);
    expect(isTrustedUrl('https://api.connect.example:8443/x', trusted)).toBe(false);
    expect(isTrustedUrl('http://api.connect.example/x', trusted)).toBe(false);
    expect(isTrustedUrl('https://user:pw@api.connect.example/x', trusted)).toBe(false);
    expect(isTrustedUrl('not a url', trusted)).toBe(false);
  });
});
