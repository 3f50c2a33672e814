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

/**
 * The engine's own connection inside a write transaction, for writes of many rows. On
 * SQLite it prepares better-sqlite3 statements (once per text, then cached) that run on
 * the very connection `tx` uses, so inside the same transaction: a prepared statement
 * stores a row in a couple of microseconds, where a Kysely query is compiled, prepared and
 * bound afresh each time. PostgreSQL has nothing here: its bulk writes already take one
 * statement per many rows, and its time is spent in the server.
 */
export type Native =
  | { readonly engine: "sqlite"; readonly prepare: (text: string) => SqliteDatabase.Statement<Array<unknown>> }
  | { readonly engine: "postgres" }

/** An open database, for programs that run outside an Effect layer (scripts, benchmarks). */
export interface Handle {
  readonly db: Kysely<Tables>
  readonly engine: Engine
  /**
   * Runs `f` in a write transaction that holds the write lock from its first statement,
   * so a read-then-write inside it cannot race another writer. `f` must use `tx` (and
   * `native`, the same connection) only.
   */
  readonly transaction: <A>(f: (tx: Kysely<Tables>, native: Native) => Promise<A>) => Promise<A>
  /**
   * Runs `f` for reads with the connection to itself (on SQLite, no transaction of this
   * process can run between its statements), `native` for prepared statements.
   */
  readonly read: <A>(f: (db: Kysely<Tables>, native: Native) => Promise<A>) => Promise<A>
  readonly close: () => Promise<void>
}

const openSqlite = (file: string): Handle => {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true })
  const raw = new SqliteDatabase(file)
  // A new file gets 16 KiB pages (an existing one keeps its own): a page is written with
  // one call, and a 400,000-household import writes a quarter as many, 17% faster than
  // with 4 KiB pages, where the fund's small transactions, which write a few whole pages
  // each, lose 15% (64 KiB pages: the import 26% faster, the fund 40% slower).
  raw.pragma("page_size = 16384")
  // WAL lets readers go on while one writer commits; NORMAL sync is durable under WAL
  // except for the last commits on power loss, which a re-import repeats.
  raw.pragma("journal_mode = WAL")
  raw.pragma("busy_timeout = 5000")
  raw.pragma("synchronous = NORMAL")
  raw.pragma("foreign_keys = ON")
  // At the default of 1000 pages, commits of imported batches would copy their pages into
  // the file and sync it every batch or two. With 10,000 (160 MiB of 16 KiB pages) the
  // pages several batches rewrite (the indexes, the last leaf) are copied once.
  raw.pragma("wal_autocheckpoint = 10000")
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) })
  // One connection serves Kysely and these statements alike (Kysely's driver holds it for
  // the transaction, and JavaScript runs one statement at a time on it).
  const statements = new Map<string, SqliteDatabase.Statement<Array<unknown>>>()
  const native: Native = {
    engine: "sqlite",
    prepare: (text) => {
      let statement = statements.get(text)
      if (statement === undefined) {
        statement = raw.prepare<Array<unknown>>(text)
        statements.set(text, statement)
      }
      return statement
    }
  }
  return {
    db,
    engine: "sqlite",
    // A plain BEGIN takes the write lock only at the first write, where a second process
    // then fails with SQLITE_BUSY instead of waiting: BEGIN IMMEDIATE waits up front.
    transaction: (f) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await f(conn, native)
          await sql`commit`.execute(conn)
          return result
        } catch (error) {
          // Some errors (a full disk) end the transaction themselves.
          if (raw.inTransaction) await sql`rollback`.execute(conn)
          throw error
        }
      }),
    read: (f) => db.connection().execute((conn) => f(conn, native)),
    close: () => db.destroy()
  }
}

/**
 * The key of the advisory lock that serialises writers on PostgreSQL as SQLite does:
 * without it two imports of the same households would both see them as new and the
 * second would fail on the primary key.
 */
const writeLock = 0x50687067 // "Phpg"

const postgresNative: Native = { engine: "postgres" }

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
        return f(tx, postgresNative)
      }),
    read: (f) => f(db, postgresNative),
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
  readonly transaction: <A>(f: (tx: Kysely<Tables>, native: Native) => Promise<A>) => Effect.Effect<A>
  /** Runs reads with the engine's own statements at hand (see `Handle.read`). */
  readonly read: <A>(f: (db: Kysely<Tables>, native: Native) => Promise<A>) => Effect.Effect<A>
}

export class Database extends Context.Tag("@phungpao/db/Database")<Database, Service>() {}

const lift = <A>(run: () => Promise<A>): Effect.Effect<A> =>
  Effect.tryPromise({ try: run, catch: (cause) => cause }).pipe(Effect.orDie)

/** The service over an open handle (closing it stays with the caller). */
export const make = (handle: Handle): Service => ({
  engine: handle.engine,
  use: (f) => lift(() => f(handle.db)),
  transaction: (f) => lift(() => handle.transaction(f)),
  read: (f) => lift(() => handle.read(f))
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
