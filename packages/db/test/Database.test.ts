import SqliteDatabase from "better-sqlite3"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { sql } from "kysely"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { Database, Migrations } from "../src/index.js"
import { type EngineName, engines, freshDatabase } from "./engines.js"

const folders: Array<string> = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
const tempFile = (...path: ReadonlyArray<string>) => {
  const folder = mkdtempSync(join(tmpdir(), "phungpao-db-"))
  folders.push(folder)
  return join(folder, ...path)
}

describe("Database on SQLite", () => {
  it("reads at once (readNow) only when no transaction is open, and never sees a transaction's uncommitted rows", async () => {
    const handle = Database.open({ engine: "sqlite", file: tempFile("now.db") })
    const service = Database.make(handle)
    try {
      await sql`create table t (v integer)`.execute(handle.db)
      await sql`insert into t values (1)`.execute(handle.db)
      const sum = (native: Database.Native) => {
        if (native.engine !== "sqlite") throw new Error("sqlite only")
        return native.prepare("select sum(v) from t").pluck(true).get() as number
      }
      expect(handle.readNow?.(sum)).toEqual({ value: 1 })
      // A synchronous Effect when nothing is open: it runs to its end without a promise.
      expect(Effect.runSyncExit(service.readNow(sum))).toEqual(Exit.succeed(1))
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const wrote = new Promise<void>((resolve) => (inserted = resolve))
      const writing = handle.transaction(async (tx) => {
        await sql`insert into t values (10)`.execute(tx)
        inserted()
        await held
      })
      await wrote
      expect(handle.readNow?.(sum)).toBeUndefined()
      const during = Effect.runPromise(service.readNow(sum))
      release()
      await writing
      // Read after the transaction, through the connection: its row committed.
      expect(await during).toBe(11)
      expect(handle.readNow?.(sum)).toEqual({ value: 11 })
    } finally {
      await handle.close()
    }
  })

  it("creates the file's folder and opens it with WAL (checkpointed every 10000 pages), a busy timeout, NORMAL sync and foreign keys", async () => {
    const file = tempFile("new", "folder", "phungpao.db")
    const handle = Database.open({ engine: "sqlite", file })
    try {
      expect(handle.engine).toBe("sqlite")
      const settings = await Promise.all(
        ["journal_mode", "wal_autocheckpoint", "busy_timeout", "synchronous", "foreign_keys"].map(async (name) => {
          const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db)
          return Object.values(rows[0]!)[0]
        })
      )
      expect(settings).toEqual(["wal", 10000, 5000, 1, 1])
      expect(existsSync(file)).toBe(true)
    } finally {
      await handle.close()
    }
  })

  it("takes the write lock when a write transaction begins, before its first write", async () => {
    const file = tempFile("phungpao.db")
    const handle = Database.open({ engine: "sqlite", file })
    const other = new SqliteDatabase(file, { timeout: 0 })
    try {
      const blocked = await handle.transaction(async () => {
        try {
          other.prepare("begin immediate").run()
          other.prepare("rollback").run()
          return "not blocked"
        } catch (error) {
          return (error as { code?: string }).code
        }
      })
      expect(blocked).toBe("SQLITE_BUSY")
      // Once committed, the other connection can write again.
      other.prepare("begin immediate").run()
      other.prepare("rollback").run()
    } finally {
      other.close()
      await handle.close()
    }
  })
})

describe("Database on SQLite, transactions grouped", () => {
  const province = (code: string) => ({ code, level: "province", parent: null, name_th: `จังหวัด ${code}`, name_en: `Province ${code}` })
  /** Opens a migrated file, the service over it, and a second connection that sees only what is committed. */
  const opened = async () => {
    const file = tempFile("phungpao.db")
    const handle = Database.open({ engine: "sqlite", file })
    await Effect.runPromise(Migrations.migrateToLatest(handle.db))
    const other = new SqliteDatabase(file, { readonly: true })
    const seen = () => other.prepare("select code from area order by code").pluck().all()
    return { handle, database: Database.make(handle), seen, close: async () => (other.close(), await handle.close()) }
  }
  const add = (database: Database.Service, code: string) =>
    database.transaction(async (tx) => void (await tx.insertInto("area").values(province(code)).execute()))

  it("commits a group's transactions together when it ends, and restores the page cache", async () => {
    const { handle, database, seen, close } = await opened()
    try {
      const cacheBefore = await sql.raw<{ cache_size: number }>("pragma cache_size").execute(handle.db)
      const during = await Effect.runPromise(
        database.grouped(
          Effect.gen(function* () {
            yield* add(database, "33")
            yield* add(database, "34")
            // This connection reads its own uncommitted transactions; another sees none yet.
            const own = yield* database.use((db) => db.selectFrom("area").select("code").orderBy("code").execute())
            const cache = yield* database.use((db) => sql.raw<{ cache_size: number }>("pragma cache_size").execute(db))
            return { own: own.map((r) => r.code), other: seen(), cache: cache.rows[0]!.cache_size }
          }),
          60_000
        )
      )
      expect(during).toEqual({ own: ["33", "34"], other: [], cache: -65536 })
      expect(seen()).toEqual(["33", "34"])
      const cacheAfter = await sql.raw<{ cache_size: number }>("pragma cache_size").execute(handle.db)
      expect(cacheAfter.rows).toEqual(cacheBefore.rows)
    } finally {
      await close()
    }
  })

  it("commits as soon as the enclosing transaction is old enough", async () => {
    const { database, seen, close } = await opened()
    try {
      const other = await Effect.runPromise(
        database.grouped(
          Effect.gen(function* () {
            yield* add(database, "33")
            return seen()
          }),
          0
        )
      )
      expect(other).toEqual(["33"])
    } finally {
      await close()
    }
  })

  it("commits the group's finished transactions when the grouped work fails, and a throw rolls the uncommitted group back", async () => {
    const { database, seen, close } = await opened()
    try {
      const failed = await Effect.runPromiseExit(
        database.grouped(
          Effect.gen(function* () {
            yield* add(database, "33")
            return yield* Effect.fail("the file ended early" as const)
          }),
          60_000
        )
      )
      expect(failed).toEqual(Exit.fail("the file ended early"))
      expect(seen()).toEqual(["33"])
      const thrown = await Effect.runPromiseExit(
        database.grouped(
          Effect.gen(function* () {
            yield* add(database, "34")
            yield* database.transaction(async (tx) => {
              await tx.insertInto("area").values(province("35")).execute()
              throw new Error("disk full")
            })
          }),
          60_000
        )
      )
      expect(Exit.isFailure(thrown)).toBe(true)
      // 34 was in the group that the throw rolled back, whole; 33 was committed before.
      expect(seen()).toEqual(["33"])
      // And the connection writes again, grouped or not.
      await Effect.runPromise(add(database, "36"))
      expect(seen()).toEqual(["33", "36"])
    } finally {
      await close()
    }
  })
})

describe("Database on PostgreSQL", () => {
  it("commits each transaction of a group as it ends: grouping is SQLite's", async () => {
    const seen = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const config = yield* engines.postgres
          const [handle, other] = [Database.open(config), Database.open(config)]
          yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all([handle.close(), other.close()])))
          yield* Migrations.migrateToLatest(handle.db)
          const database = Database.make(handle)
          return yield* database.grouped(
            Effect.gen(function* () {
              yield* database.transaction(async (tx) =>
                void (await tx.insertInto("area").values({ code: "33", level: "province", parent: null, name_th: "ศรีสะเกษ", name_en: "Si Sa Ket" }).execute())
              )
              return yield* Effect.promise(() => other.db.selectFrom("area").select("code").execute())
            }),
            60_000
          )
        })
      )
    )
    expect(seen).toEqual([{ code: "33" }])
  })

  it("makes a second write transaction wait until the first ends, as SQLite does", async () => {
    const order = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const config = yield* engines.postgres
          const [first, second] = [Database.open(config), Database.open(config)]
          yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all([first.close(), second.close()])))
          const order: Array<string> = []
          let waiting: Promise<void> | undefined
          yield* Effect.promise(() =>
            first.transaction(async () => {
              order.push("first begins")
              waiting = second.transaction(async () => void order.push("second begins"))
              await new Promise((resolve) => setTimeout(resolve, 300))
              order.push("first ends")
            })
          )
          yield* Effect.promise(() => waiting!)
          return order
        })
      )
    )
    expect(order).toEqual(["first begins", "first ends", "second begins"])
  })
})

describe.each<[string, EngineName]>([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
])("Database on %s", (name, engine) => {
  const run = <A>(program: Effect.Effect<A, never, Database.Database>) =>
    Effect.runPromiseExit(Effect.provide(program, freshDatabase(engine)))

  it("names its engine", async () => {
    expect(await run(Effect.map(Database.Database, (d) => d.engine))).toEqual(Exit.succeed(engine))
  })

  it("rolls back a transaction that throws, and the throw is a defect", async () => {
    const boom = new Error(`connection lost on ${name}`)
    const exit = await run(
      Effect.gen(function* () {
        const database = yield* Database.Database
        yield* database.use((db) => Effect.runPromise(Migrations.migrateToLatest(db)))
        const failed = yield* Effect.exit(
          database.transaction(async (tx) => {
            await tx.insertInto("area").values({ code: "33", level: "province", parent: null, name_th: "ศรีสะเกษ", name_en: "Si Sa Ket" }).execute()
            throw boom
          })
        )
        const areas = yield* database.use((db) => db.selectFrom("area").selectAll().execute())
        return { failed, areas }
      })
    )
    const { failed, areas } = Exit.getOrElse(exit, (cause) => expect.fail(Cause.pretty(cause)))
    expect(Exit.isFailure(failed) && Cause.isDie(failed.cause) && Cause.squash(failed.cause)).toBe(boom)
    expect(areas).toEqual([])
  })
})
