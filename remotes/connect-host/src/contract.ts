/**
 * What this remote declares to the shell: the shell-contract major it was built against. The shell
 * loads `connectHost/contract` first and refuses (with its fallback) a remote of another major.
 */
export const contractVersion = '1.1.0';

/**
 * Which deploy of this remote is live: set by the deploy (VITE_REMOTE_BUILD_ID), shown on the
 * settings page so support and the redeploy test can tell builds apart without a shell rebuild.
 */
export const buildId: string = import.meta.env.VITE_REMOTE_BUILD_ID || 'local';
