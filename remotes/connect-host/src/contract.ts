/**
 * What this remote declares to the shell: the shell-contract major it was built against. The shell
 * loads `connectHost/contract` first and refuses (with its fallback) a remote of another major.
 */
export const contractVersion = '1.0.0';
