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
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs"
import { dirname } from "node:path"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import { finished } from "node:stream/promises"
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
  | {
      readonly engine: "postgres"
      /**
       * Runs `COPY … FROM STDIN` (`statement`) with `text` as its data (text format: a row
       * a line, tabs between values; see `copyValue`), on the transaction's connection.
       * The server takes rows this way for a fraction of the work of an INSERT.
       */
      readonly copy: (statement: string, text: string) => Promise<void>
    }

/**
 * How a write transaction is run. `lock: false` (PostgreSQL) leaves out the write lock,
 * so that such transactions run side by side: only for writes that read nothing to decide
 * what to write and store each row by its key (an upsert), where the server's own row
 * locks keep two of them apart. On SQLite every write transaction holds the one lock.
 */
export interface TransactionOptions {
  readonly lock?: boolean
}

/** An open database, for programs that run outside an Effect layer (scripts, benchmarks). */
export interface Handle {
  readonly db: Kysely<Tables>
  readonly engine: Engine
  /**
   * Runs `f` in a write transaction that holds the write lock from its first statement,
   * so a read-then-write inside it cannot race another writer. `f` must use `tx` (and
   * `native`, the same connection) only.
   */
  readonly transaction: <A>(f: (tx: Kysely<Tables>, native: Native) => Promise<A>, options?: TransactionOptions) => Promise<A>
  /**
   * Runs `f` for reads with the connection to itself (on SQLite, no transaction of this
   * process can run between its statements), `native` for prepared statements.
   */
  readonly read: <A>(f: (db: Kysely<Tables>, native: Native) => Promise<A>) => Promise<A>
  /**
   * Runs `f`, prepared statements alone, at once if it can: on SQLite when no transaction
   * is open on the connection, so it sees committed rows only, as `read` would. Otherwise
   * (a transaction open, or PostgreSQL) undefined, and the caller reads through `read`.
   */
  readonly readNow?: <A>(f: (native: Native) => A) => { readonly value: A } | undefined
  /**
   * Groups the write transactions that follow, until the returned function is called (see
   * `Service.grouped`): on SQLite each runs inside an enclosing transaction, committed
   * once it is `commitAfterMs` old and when the group ends; on PostgreSQL nothing changes.
   */
  readonly group: (commitAfterMs: number) => () => Promise<void>
  readonly close: () => Promise<void>
  /** PostgreSQL's pool of connections, for a library that speaks to the server itself (graphile-worker's queue). */
  readonly pgPool?: pg.Pool
}

/**
 * The page cache of grouped transactions on SQLite, in KiB as `cache_size` takes it
 * (negative): 64 MiB. An import's member index (60 MiB for 400,000 households) is written
 * all over; measured on 400,000 households once the import was faster (ADR 0012):
 * 11.2–12.2 s and 1.2–1.6 s of system time at 64 MiB, 11.8–12.7 s and 1.9–2.1 s at
 * 32 MiB, 12.2–12.3 s at 128 MiB; peak RSS 350 MB against 320 MB.
 */
const groupCacheSize = -65536

/**
 * The registry holds personal data: its file is created readable by its owner only (0600),
 * and an existing one (with its -wal and -shm) loses any access for group and others.
 * SQLite creates -wal and -shm with the database file's mode.
 */
const keepPrivate = (file: string): void => {
  closeSync(openSync(file, "a", 0o600))
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      const mode = statSync(path).mode & 0o777
      if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700)
    } catch {
      // Not there (yet), or not ours to change: SQLite says so if it matters.
    }
  }
}

const openSqlite = (file: string): Handle => {
  if (file !== ":memory:" && file !== "") {
    mkdirSync(dirname(file), { recursive: true })
    keepPrivate(file)
  }
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
  // An INSERT OR REPLACE deletes the row it replaces without firing its DELETE triggers
  // unless recursive triggers are on: with them, the books' triggers refuse it.
  raw.pragma("recursive_triggers = ON")
  // At the default of 1000 pages, commits of imported batches would copy their pages into
  // the file and sync it every batch or two. With 10,000 (160 MiB of 16 KiB pages) the
  // pages several batches rewrite (the indexes, the last leaf) are copied once.
  raw.pragma("wal_autocheckpoint = 10000")
  // Reads through a memory map of the file (up to 4 GiB), not a read call a page: a
  // household read by key (the API's most frequent) 1.4–1.5× as fast on a 400,000-household
  // registry (measured 117,000 → 168,000 reads/s by key, one process). The pages are the OS's page cache.
  raw.pragma("mmap_size = 4294967296")
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) })
  /** Set while transactions are grouped: how long the enclosing one may stay open, and since when it is. */
  let group: { readonly commitAfterMs: number; openedAt: number } | undefined
  /**
   * One transaction of a group: it runs in the enclosing transaction (begun here when none
   * is open), which commits once old enough. A throw rolls the enclosing transaction back
   * whole, the group's earlier uncommitted transactions with it: a savepoint for each
   * would copy every page it changes into a statement journal first, which for an
   * import's batches costs about what the commits saved.
   */
  const inGroup = async <A>(
    group: { readonly commitAfterMs: number; openedAt: number },
    conn: Kysely<Tables>,
    f: (tx: Kysely<Tables>, native: Native) => Promise<A>
  ): Promise<A> => {
    if (!raw.inTransaction) {
      await sql`begin immediate`.execute(conn)
      group.openedAt = Date.now()
    }
    let result: A
    try {
      result = await f(conn, native)
    } catch (error) {
      if (raw.inTransaction) await sql`rollback`.execute(conn)
      throw error
    }
    if (Date.now() - group.openedAt >= group.commitAfterMs) await sql`commit`.execute(conn)
    return result
  }
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
        if (group !== undefined) return inGroup(group, conn, f)
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
    // JavaScript runs one statement at a time on the connection: with no transaction open
    // (none begun, or a group's between commits), a statement now reads what is committed,
    // with no wait for Kysely's hold on the connection, which takes a few promises a read.
    readNow: (f) => (raw.inTransaction ? undefined : { value: f(native) }),
    group: (commitAfterMs) => {
      if (group !== undefined) return async () => undefined
      group = { commitAfterMs, openedAt: 0 }
      // A group's changed pages wait in the page cache for its commit: at the default 2 MiB
      // they would be written out to the WAL, and again, many times before it.
      const cacheSize = raw.pragma("cache_size", { simple: true })
      raw.pragma(`cache_size = ${groupCacheSize}`)
      return () =>
        db.connection().execute(async (conn) => {
          group = undefined
          if (raw.inTransaction) await sql`commit`.execute(conn)
          raw.pragma(`cache_size = ${Number(cacheSize)}`)
        })
    },
    close: () => db.destroy()
  }
}

/**
 * The key of the advisory lock that serialises writers on PostgreSQL as SQLite does:
 * without it two imports of the same households would both see them as new and the
 * second would fail on the primary key.
 */
const writeLock = 0x50687067 // "Phpg"

/** A value as COPY's text format writes it: backslash, tab and line ends escaped; null as `\N`. */
export const copyValue = (value: unknown): string => {
  if (value === null || value === undefined) return "\\N"
  const text = String(value)
  return copySpecial.test(text) ? text.replace(copyEscapes, (c) => copyEscaped[c]!) : text
}
const copySpecial = /[\\\t\n\r]/
const copyEscapes = /[\\\t\n\r]/g
const copyEscaped: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" }

const copyInto = async (client: pg.PoolClient, statement: string, text: string): Promise<void> => {
  const stream = client.query(copyFrom(statement))
  stream.end(text)
  // Finished once the server has taken every row.
  await finished(stream)
}

const readNative: Native = {
  engine: "postgres",
  copy: () => Promise.reject(new Error("COPY runs in a write transaction only"))
}

const openPostgres = (url: string): Handle => {
  const pool = new pg.Pool({ connectionString: url })
  // An idle connection the server drops (a restart) is an 'error' event, which would end
  // the process unheard; the pool discards it and the next query connects afresh.
  pool.on("error", () => undefined)
  // The same for a connection in use (graphile-worker's LISTEN connection among them).
  pool.on("connect", (client) => client.on("error", () => undefined))
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    engine: "postgres",
    // The transaction's own client, so that COPY can run on it: Kysely over a pool of that
    // one client for `f`, and BEGIN, the write lock and COMMIT here.
    transaction: async (f, options) => {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query("begin")
        try {
          if (options?.lock !== false) await client.query("select pg_advisory_xact_lock($1)", [writeLock])
          const tx = new Kysely<Tables>({
            dialect: new PostgresDialect({ pool: { connect: async () => ({ query: client.query.bind(client), release: () => undefined }), end: async () => undefined } as never })
          })
          const result = await f(tx, { engine: "postgres", copy: (statement, text) => copyInto(client, statement, text) })
          await client.query("commit")
          return result
        } catch (error) {
          await client.query("rollback").catch((lost: Error) => (broken = lost))
          throw error
        }
      } finally {
        // A connection that could not roll back is dropped, not pooled.
        client.release(broken)
      }
    },
    read: (f) => f(db, readNative),
    group: () => async () => undefined,
    close: () => db.destroy(),
    pgPool: pool
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
  readonly transaction: <A>(f: (tx: Kysely<Tables>, native: Native) => Promise<A>, options?: TransactionOptions) => Effect.Effect<A>
  /** Runs reads with the engine's own statements at hand (see `Handle.read`). */
  readonly read: <A>(f: (db: Kysely<Tables>, native: Native) => Promise<A>) => Effect.Effect<A>
  /**
   * Runs a read of prepared statements alone (`f` is synchronous): on SQLite at once when
   * no transaction is open (see `Handle.readNow`), a synchronous Effect; else as `read`.
   */
  readonly readNow: <A>(f: (native: Native) => A) => Effect.Effect<A>
  /**
   * Runs `self` with its write transactions grouped, for bulk work such as an import: on
   * SQLite each transaction runs inside an enclosing one that commits once it has been
   * open `commitAfterMs` and when `self` ends, however it ends. Each commit writes every
   * page its transactions changed to the WAL, and an import's batches change pages all
   * over the member index: a commit a second instead of one a batch writes a fraction of
   * the pages. A transaction that throws, or a crash, loses the group's uncommitted
   * transactions, whole; so group only work that a failure ends and a re-run completes.
   * Other connections see the group's work once committed. PostgreSQL commits each
   * transaction as before.
   */
  readonly grouped: <A, E, R>(self: Effect.Effect<A, E, R>, commitAfterMs?: number) => Effect.Effect<A, E, R>
  /** PostgreSQL's pool (see `Handle.pgPool`); none on SQLite. */
  readonly pgPool?: pg.Pool
}

export class Database extends Context.Tag("@phungpao/db/Database")<Database, Service>() {}

const lift = <A>(run: () => Promise<A>): Effect.Effect<A> =>
  Effect.tryPromise({ try: run, catch: (cause) => cause }).pipe(Effect.orDie)

/** The service over an open handle (closing it stays with the caller). */
export const make = (handle: Handle): Service => ({
  engine: handle.engine,
  ...(handle.pgPool === undefined ? {} : { pgPool: handle.pgPool }),
  use: (f) => lift(() => f(handle.db)),
  transaction: (f, options) => lift(() => handle.transaction(f, options)),
  read: (f) => lift(() => handle.read(f)),
  readNow: (f) =>
    Effect.suspend(() => {
      const now = handle.readNow?.(f)
      return now === undefined ? lift(() => handle.read(async (_db, native) => f(native))) : Effect.succeed(now.value)
    }),
  grouped: (self, commitAfterMs = defaultCommitAfterMs) =>
    Effect.acquireUseRelease(
      Effect.sync(() => handle.group(commitAfterMs)),
      () => self,
      (end) => lift(end)
    )
})

/**
 * The service of one open transaction: every query, read and nested transaction runs on
 * it. For ports read inside a batch that holds SQLite's one connection (`JourneySql.batch`),
 * which would otherwise wait for that connection forever.
 */
export const within = (engine: Engine, tx: Kysely<Tables>, native: Native): Service => ({
  engine,
  use: (f) => lift(() => f(tx)),
  transaction: (f) => lift(() => f(tx, native)),
  read: (f) => lift(() => f(tx, native)),
  readNow: (f) => Effect.try({ try: () => f(native), catch: (cause) => cause }).pipe(Effect.orDie),
  grouped: (self) => self
})

/** How long `grouped` keeps a transaction open by default. */
export const defaultCommitAfterMs = 1000

/** The database a config names, open for the layer's lifetime. */
export const layer = (config: Config): Layer.Layer<Database> =>
  Layer.scoped(
    Database,
    Effect.acquireRelease(
      Effect.sync(() => open(config)),
      (handle) => Effect.promise(() => handle.close())
    ).pipe(Effect.map(make))
  )
