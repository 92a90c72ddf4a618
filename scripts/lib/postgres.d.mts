export interface PostgresInstall {
  /** Directory holding initdb, pg_ctl and postgres. */
  bin: string;
  /** Server version as `postgres --version` reports it, e.g. "15.18". */
  version: string;
}
export interface ThrowawayCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, no password). */
  url: string;
  port: number;
  dataDir: string;
  /** Fast shutdown, then deletes the cluster's files. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops and starts the same cluster (same data, same port); resolves once it accepts connections. */
  restart(): Promise<void>;
}
export declare function findPostgres(): PostgresInstall | null;
export declare function ensurePostgres(): Promise<PostgresInstall>;
export declare function startThrowawayCluster(opts?: {
  port?: number;
  log?: boolean | ((line: string) => void);
}): Promise<ThrowawayCluster>;
