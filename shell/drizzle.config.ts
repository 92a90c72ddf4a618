import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @mango/shell db:generate` writes a new SQL migration for a change to the schema.
// The API applies pending migrations at start (server/db/migrate.ts), on PGlite and Postgres alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
});
