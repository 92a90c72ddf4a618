// A JWT in JWS Compact Serialization (RFC 7515 §7.1) signed with HS256, over the package's `#hmac`.
// jose's SignJWT produces the same bytes (jwt.test.ts compares them) but always signs through
// Web Crypto, which Node runs on its thread pool; minting is the edge API's hottest route, so the
// MAC is taken in-thread there. Everything that verifies a token still goes through jose.
import { base64url } from 'jose';
import { hmacSha256 } from '#hmac';
import { utf8 } from './bytes.js';

const HS256_HEADER = base64url.encode(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/** `header.payload.signature`, base64url without padding; claims are serialised in their key order. */
export async function signHs256Jwt(claims: object, secret: string): Promise<string> {
  const signingInput = `${HS256_HEADER}.${base64url.encode(utf8(JSON.stringify(claims)))}`;
  return `${signingInput}.${base64url.encode(await hmacSha256(secret, signingInput))}`;
}
