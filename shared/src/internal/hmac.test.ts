import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as resolved from '#hmac';
import { toHex, utf8 } from './bytes.js';
import * as nodeBuild from './hmac.node.js';
import * as webBuild from './hmac.web.js';

const builds = { 'node:crypto build': nodeBuild, 'Web Crypto build': webBuild };
const secret = 'hmac-builds-'.padEnd(40, 's');

describe('#hmac', () => {
  it('resolves to the node:crypto build under Node (the edge API, the sandbox, these tests)', () => {
    expect(resolved.HMAC_IMPLEMENTATION).toBe('node-crypto');
    expect(nodeBuild.HMAC_IMPLEMENTATION).toBe('node-crypto');
    expect(webBuild.HMAC_IMPLEMENTATION).toBe('web-crypto');
  });
});

describe.each(Object.entries(builds))('%s', (_name, build) => {
  it('computes HMAC-SHA256 over the UTF-8 bytes of secret and message', async () => {
    for (const message of ['', 'body', '{"name":"Zoë 🌸"}', 'x'.repeat(200_000)]) {
      expect(toHex(await build.hmacSha256(secret, message))).toBe(createHmac('sha256', secret).update(message).digest('hex'));
    }
    const nonAscii = 'sécret-ключ-'.padEnd(40, 'k');
    expect(toHex(await build.hmacSha256(nonAscii, 'm'))).toBe(createHmac('sha256', utf8(nonAscii)).update('m').digest('hex'));
  });

  it('verifies a right MAC and rejects a flipped bit, a short MAC, an empty one and another secret', async () => {
    const mac = new Uint8Array(createHmac('sha256', secret).update('body').digest());
    expect(await build.hmacSha256Verify(secret, 'body', mac)).toBe(true);
    expect(await build.hmacSha256Verify(secret, 'body!', mac)).toBe(false);
    expect(await build.hmacSha256Verify('other-'.padEnd(40, 'o'), 'body', mac)).toBe(false);
    expect(await build.hmacSha256Verify(secret, 'body', mac.slice(0, 16))).toBe(false);
    expect(await build.hmacSha256Verify(secret, 'body', new Uint8Array(0))).toBe(false);
    const flipped = mac.slice();
    flipped[31] = flipped[31]! ^ 1;
    expect(await build.hmacSha256Verify(secret, 'body', flipped)).toBe(false);
  });

  it('refuses an empty key, as Web Crypto does', async () => {
    await expect(build.hmacSha256('', 'm')).rejects.toThrow();
  });
});
