/**
 * The registry's database: one Kysely instance over an SQLite file (the embedded default)
 * or a PostgreSQL pool, as an Effect service whose `use` lifts Kysely's promises into
 * Effects and whose `transaction` runs a write under the database's write lock.
 * A failing database is a defect, never a typed error: the domain cannot act on it.
 */
import SqliteDatabase from "better-sqlite3"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Kysely, PostgresDialect, sql, SqliteDialect } from "kysely"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import pg from "pg"
import type { Config } from "./Config.js"
import type { Tables } from "./Tables.js"

export type Engine = Config["engine"]

/** An open database, for programs that run outside an Effect layer (scripts, benchmarks). */
export interface Handle {
  readonly db: Kysely<Tables>
  readonly engine: Engine
  /**
   * Runs `f` in a write transaction that holds the write lock from its first statement,
   * so a read-then-write inside it cannot race another writer. `f` must use `tx` only.
   */
  readonly transaction: <A>(f: (tx: Kysely<Tables>) => Promise<A>) => Promise<A>
  readonly close: () => Promise<void>
}

const openSqlite = (file: string): Handle => {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true })
  const raw = new SqliteDatabase(file)
  // WAL lets readers go on while one writer commits; NORMAL sync is durable under WAL
  // except for the last commits on power loss, which a re-import repeats.
  raw.pragma("journal_mode = WAL")
  raw.pragma("busy_timeout = 5000")
  raw.pragma("synchronous = NORMAL")
  raw.pragma("foreign_keys = ON")
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) })
  return {
    db,
    engine: "sqlite",
    // A plain BEGIN takes the write lock only at the first write, where a second process
    // then fails with SQLITE_BUSY instead of waiting: BEGIN IMMEDIATE waits up front.
    transaction: (f) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await f(conn)
          await sql`commit`.execute(conn)
          return result
        } catch (error) {
          // Some errors (a full disk) end the transaction themselves.
          if (raw.inTransaction) await sql`rollback`.execute(conn)
          throw error
        }
      }),
    close: () => db.destroy()
  }
}

/**
 * The key of the advisory lock that serialises writers on PostgreSQL as SQLite does:
 * without it two imports of the same households would both see them as new and the
 * second would fail on the primary key.
 */
const writeLock = 0x50687067 // "Phpg"

const openPostgres = (url: string): Handle => {
  const pool = new pg.Pool({ connectionString: url })
  // An idle connection the server drops (a restart) is an 'error' event, which would end
  // the process unheard; the pool discards it and the next query connects afresh.
  pool.on("error", () => undefined)
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    engine: "postgres",
    transaction: (f) =>
      db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${writeLock})`.execute(tx)
        return f(tx)
      }),
    close: () => db.destroy()
  }
}

/**
 * Opens the database a config names; the SQLite file and its folder are created when
 * missing. Call `close` when done.
 *
 * @example const { db, close } = Database.open(fromEnv(process.env))
 */
export const open = (config: Config): Handle =>
  config.engine === "sqlite" ? openSqlite(config.file) : openPostgres(config.url)

export interface Service {
  readonly engine: Engine
  /** Runs a query (or several) on the database; a database error is a defect. */
  readonly use: <A>(f: (db: Kysely<Tables>) => Promise<A>) => Effect.Effect<A>
  /** Runs `f` in one write transaction (see `Handle.transaction`); a throw rolls it back and is a defect. */
  readonly transaction: <A>(f: (tx: Kysely<Tables>) => Promise<A>) => Effect.Effect<A>
}

export class Database extends Context.Tag("@phungpao/db/Database")<Database, Service>() {}

const lift = <A>(run: () => Promise<A>): Effect.Effect<A> =>
  Effect.tryPromise({ try: run, catch: (cause) => cause }).pipe(Effect.orDie)

/** The service over an open handle (closing it stays with the caller). */
export const make = (handle: Handle): Service => ({
  engine: handle.engine,
  use: (f) => lift(() => f(handle.db)),
  transaction: (f) => lift(() => handle.transaction(f))
})

/** The database a config names, open for the layer's lifetime. */
export const layer = (config: Config): Layer.Layer<Database> =>
  Layer.scoped(
    Database,
    Effect.acquireRelease(
      Effect.sync(() => open(config)),
      (handle) => Effect.promise(() => handle.close())
    ).pipe(Effect.map(make))
  )
