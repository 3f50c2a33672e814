import { defineConfig } from "tsup"

/**
 * The program and the workspace's packages, Effect and Kysely in one bundle (split into
 * chunks that load on use): a command starts, and a worker thread loads, in a fraction of
 * the time hundreds of modules took to resolve and read one by one. The native driver and
 * the big CommonJS libraries stay packages of their own, loaded from node_modules.
 */
export default defineConfig({
  entry: { main: "src/main.ts", worker: "src/worker.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  noExternal: [/^@phungpao\/(?!api|web)/, /^effect(\/|$)/, /^kysely(\/|$)/, /^csv-stringify(\/|$)/, /^@marcbachmann\/cel-js(\/|$)/],
  // The API server is a program of its own, loaded by `serve` with its own packages.
  external: ["better-sqlite3", "pg", "pg-copy-streams", "exceljs", "graphile-worker", "@phungpao/api", "@phungpao/web"]
})
