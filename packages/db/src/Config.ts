/**
 * Where the registry lives: an SQLite file (the embedded default) or a PostgreSQL server
 * named by `DATABASE_URL`. A program reads this once and hands it to `Database.layer`.
 */

export type Config =
  | { readonly engine: "sqlite"; readonly file: string }
  | { readonly engine: "postgres"; readonly url: string }

/** The embedded default database file. */
export const defaultSqliteFile = "./data/phungpao.db"

/**
 * The engine named by the environment: `DATABASE_URL=postgres://…` (or `postgresql://…`)
 * for PostgreSQL, `DATABASE_URL=sqlite:PATH` or `file:PATH` for another SQLite file,
 * else the default SQLite file.
 *
 * @example fromEnv({}) // { engine: "sqlite", file: "./data/phungpao.db" }
 */
export const fromEnv = (env: Readonly<Record<string, string | undefined>>): Config => {
  const url = env["DATABASE_URL"]?.trim()
  if (url === undefined || url === "") return { engine: "sqlite", file: defaultSqliteFile }
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: "postgres", url }
  const sqlite = /^(sqlite|file):(.+)$/.exec(url)
  if (sqlite !== null) return { engine: "sqlite", file: sqlite[2]! }
  throw new Error(`DATABASE_URL must start with postgres://, postgresql://, sqlite: or file:, got ${JSON.stringify(url.replace(/\/\/[^@]*@/, "//***@"))}`)
}
