import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS, parseSandboxConfig, SandboxConfigError } from './config.js';

const good = {
  MANGO_CONNECT_JWT_SECRET: 'j'.repeat(32),
  MANGO_CONNECT_WEBHOOK_SECRET: 'w'.repeat(32),
};

describe('parseSandboxConfig', () => {
  it('applies defaults: port 5175, admin off, localhost public URL, shell and remote origins', () => {
    const c = parseSandboxConfig(good);
    expect(c.port).toBe(5175);
    expect(c.admin).toBe(false);
    expect(c.publicUrl).toBe('http://localhost:5175');
    expect(c.allowedOrigins).toEqual(DEFAULT_ALLOWED_ORIGINS);
  });

  it('reads port, admin flag, public URL and origins from the environment', () => {
    const c = parseSandboxConfig({
      ...good,
      SANDBOX_PORT: '6000',
      SANDBOX_ADMIN: '1',
      SANDBOX_PUBLIC_URL: 'https://connect.example.test/',
      SANDBOX_ALLOWED_ORIGINS: 'http://a.test, http://b.test',
    });
    expect(c).toMatchObject({ port: 6000, admin: true, publicUrl: 'https://connect.example.test' });
    expect(c.allowedOrigins).toEqual(['http://a.test', 'http://b.test']);
  });

  it('fails with a message naming a missing secret', () => {
    expect(() => parseSandboxConfig({ MANGO_CONNECT_WEBHOOK_SECRET: good.MANGO_CONNECT_WEBHOOK_SECRET })).toThrow(
      /MANGO_CONNECT_JWT_SECRET is required/,
    );
  });

  it('fails with a message naming a secret shorter than 32 bytes', () => {
    let caught: unknown;
    try {
      parseSandboxConfig({ ...good, MANGO_CONNECT_WEBHOOK_SECRET: 'short' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SandboxConfigError);
    expect((caught as SandboxConfigError).variable).toBe('MANGO_CONNECT_WEBHOOK_SECRET');
    expect((caught as SandboxConfigError).message).toBe('MANGO_CONNECT_WEBHOOK_SECRET must be at least 32 bytes');
  });

  it('starts in the full profile unless SANDBOX_PROFILE names another', () => {
    expect(parseSandboxConfig(good).profile).toBe('full');
    expect(parseSandboxConfig({ ...good, SANDBOX_PROFILE: 'minimal' }).profile).toBe('minimal');
    expect(() => parseSandboxConfig({ ...good, SANDBOX_PROFILE: 'strict' })).toThrow(/SANDBOX_PROFILE must be one of full, minimal/);
  });

  it('rejects a port that is not a number', () => {
    expect(() => parseSandboxConfig({ ...good, SANDBOX_PORT: 'abc' })).toThrow(/SANDBOX_PORT/);
  });
});
