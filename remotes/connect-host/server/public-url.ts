export const DEFAULT_REMOTE_PUBLIC_URL = 'http://localhost:5174/';

/** The absolute URL dist/ is published at, always ending in "/"; rejects anything that is not http(s). */
export function publicUrlFromEnv(value: string | undefined): string {
  const raw = value?.trim() || DEFAULT_REMOTE_PUBLIC_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`REMOTE_PUBLIC_URL must be an absolute http(s) URL such as ${DEFAULT_REMOTE_PUBLIC_URL}; got "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`REMOTE_PUBLIC_URL must use http or https; got "${raw}".`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
