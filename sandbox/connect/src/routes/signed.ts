import type { Deps, SandboxContext } from '../http.js';
import { verifySignedRequest, type VerifiedRequest } from '../security/verify-signed-request.js';

export interface SignedBody extends VerifiedRequest {
  text: string;
}

/** Reads the raw body once and verifies both signatures over exactly those bytes. */
export async function readSignedBody(c: SandboxContext, deps: Deps): Promise<SignedBody> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const verified = verifySignedRequest(
    raw,
    {
      mangoSignature: c.req.header('x-mango-signature'),
      webhookId: c.req.header('webhook-id'),
      webhookTimestamp: c.req.header('webhook-timestamp'),
      webhookSignature: c.req.header('webhook-signature'),
    },
    deps.config.webhookSecret,
    deps.now(),
  );
  return { ...verified, text: new TextDecoder().decode(raw) };
}
