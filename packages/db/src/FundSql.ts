/**
 * The fund's books (the domain's `FundStore`) over the `Database`: records as JSON beside
 * the columns queries use, the ledger's movements and postings appended and never changed
 * (the database's triggers refuse it), the stored balance of every account kept in the
 * transaction of each append, and one idempotency entry per key.
 *
 * A `transact` runs on one connection that holds the fund's write lock from its first
 * statement: SQLite's `BEGIN IMMEDIATE` (the database's one writer), PostgreSQL's
 * transaction-scoped advisory lock on the fund's own key. What a command read is then
 * still true when its writes commit, in every process sharing the database.
 */
import { Contributor, FundRequest, FundStore, Idempotency, Ledger, Pledge, type Pool, Receipt, type Satang, SettingsChange } from "@phungpao/domain"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import { type Kysely, sql } from "kysely"
import * as Chain from "./Chain.js"
import * as Database from "./Database.js"
import * as JourneySql from "./JourneySql.js"
import * as Sql from "./Statements.js"
import type { Tables } from "./Tables.js"

// ---------------------------------------------------------------------------------------
// Statements on one connection.

type Row = Sql.Row

/**
 * SQL run on one connection, `?` for each parameter (see `Statements`); a write's result
 * is not used, so PostgreSQL's may wait in a buffer.
 */
export interface Statements {
  readonly all: (text: string, params: ReadonlyArray<unknown>) => Effect.Effect<ReadonlyArray<Row>>
  readonly run: (text: string, params: ReadonlyArray<unknown>) => Effect.Effect<unknown>
}

const sqliteStatements = Sql.sqlite

/**
 * Statements through Kysely on `db`: a transaction's connection, or the pool, where each
 * statement commits by itself (which only the tests' deliberately naive books want).
 */
export const statements: (db: Kysely<Tables>, engine: Database.Engine) => Statements = Sql.kysely

/**
 * PostgreSQL's statements inside the locked transaction. Every statement is a round trip
 * made while the fund's lock is held, so writes wait in a buffer and go together, as one
 * statement of data-modifying WITH clauses, before the next read or the commit: a
 * command's request, movement, postings, balances and idempotency entry take one round
 * trip. A write to a table already waiting in the buffer sends the buffer first, since
 * the clauses of one statement cannot see each other's rows (two balance updates of one
 * account would clash).
 *
 * `before` runs before the first statement that writes mid-command (a buffer sent ahead
 * of a read, or a write that is not buffered): the batch takes the command's savepoint
 * there, so a command that fails before writing, or only writes at its end, costs no
 * savepoint round trips. `last` sends what is left at the command's end, without `before`.
 */
const postgresStatements = (
  tx: Kysely<Tables>,
  before: Effect.Effect<void> = Effect.void
): Statements & { readonly flush: Effect.Effect<void>; readonly last: Effect.Effect<void> } => {
  const direct = statements(tx, "postgres")
  let waiting: Array<{ readonly table: string; readonly text: string; readonly params: ReadonlyArray<unknown> }> = []
  const send = (guard: Effect.Effect<void>) =>
    Effect.suspend(() => {
      const writes = waiting
      waiting = []
      if (writes.length === 0) return Effect.void
      if (writes.length === 1) return Effect.zipRight(guard, direct.run(writes[0]!.text, writes[0]!.params))
      return Effect.zipRight(
        guard,
        direct.run(`with ${writes.map((w, i) => `w${i} as (${w.text})`).join(", ")} select 1`, writes.flatMap((w) => w.params))
      )
    })
  const flush = send(before)
  return {
    all: (text, params) => Effect.zipRight(flush, Effect.zipRight(/^select /.test(text) ? Effect.void : before, direct.all(text, params))),
    run: (text, params) =>
      Effect.suspend(() => {
        const table = /^insert into (\w+)/.exec(text)?.[1]
        if (table === undefined) return Effect.zipRight(flush, Effect.zipRight(before, direct.run(text, params)))
        return Effect.zipRight(
          waiting.some((w) => w.table === table) ? flush : Effect.void,
          Effect.sync(() => void waiting.push({ table, text, params }))
        )
      }),
    flush,
    last: send(Effect.void)
  }
}

// ---------------------------------------------------------------------------------------
// Rows and records.

const json = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownSync(schema)
  return { text: (value: A) => JSON.stringify(encode(value)), parse: (text: unknown) => decode(JSON.parse(String(text))) }
}

const requests = json(FundRequest.Request)
const receipts = json(Receipt.Receipt)
const pledges = json(Pledge.Pledge)
const contributors = json(Contributor.Contributor)
const settingsJson = json(FundRequest.Settings)
const changes = json(SettingsChange.Change)
const decodeEntry = Schema.decodeUnknownSync(Idempotency.Entry)
const decodeAccount = Schema.decodeUnknownSync(Ledger.Account)
const decodeMovement = Schema.decodeUnknownSync(Ledger.Movement)

/** The number in an id such as `R-12` or `RC-3`: the order things were made in. */
const numberOf = (id: string): number => Number(id.slice(id.lastIndexOf("-") + 1))

const accounts = new Map<string, Ledger.Account>()

/**
 * The account a stored key names, the inverse of `Ledger.accountKey`: `bank`,
 * `disbursed`, or a stage and a pool (`available/unrestricted`,
 * `reserved/purpose=school-uniforms,area=3301`).
 */
export const accountOf = (key: string): Ledger.Account => {
  let account = accounts.get(key)
  if (account !== undefined) return account
  const slash = key.indexOf("/")
  const poolKey = key.slice(slash + 1)
  const pool = slash < 0 || poolKey === "unrestricted" ? {} : Object.fromEntries(poolKey.split(",").map((part) => part.split("=")))
  account = decodeAccount(slash < 0 ? { _tag: key } : { _tag: key.slice(0, slash), pool })
  if (Ledger.accountKey(account) !== key) throw new Error(`fund_balance: account ${JSON.stringify(key)} is not an account's key`)
  accounts.set(key, account)
  return account
}

const total = (row: Row): Ledger.AccountTotal => ({
  account: accountOf(String(row["account"])),
  debits: Number(row["debits"]) as Satang.Satang,
  credits: Number(row["credits"]) as Satang.Satang
})

/** `n` rows of `columns` placeholders: `(?, ?), (?, ?)`. */
const values = (columns: number, n: number) => Array.from({ length: n }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ")

/** A statement's text for `n` rows, made once per `n` (a movement has 2 or 4 postings, 2 to 4 accounts). */
const byRows = (text: (n: number) => string) => {
  const made = new Map<number, string>()
  return (n: number) => {
    let out = made.get(n)
    if (out === undefined) made.set(n, (out = text(n)))
    return out
  }
}

// ---------------------------------------------------------------------------------------
// The transaction.

const insertPostings = byRows((n) => `insert into fund_posting (movement_id, line, account, side, amount) values ${values(5, n)}`)

const upsertBalances = byRows(
  (n) =>
    `insert into fund_balance (account, debits, credits) values ${values(3, n)}
   on conflict (account) do update set debits = fund_balance.debits + excluded.debits, credits = fund_balance.credits + excluded.credits`
)

/**
 * What a command may read and write, over statements on one connection. `FundSql.layer`
 * runs it under the fund's lock; anything else (the tests' naive books) gets no such
 * promise. `tip` carries the chains' last hashes from command to command of a batch
 * (without one, each append reads the last hash);
 * `logbookLock` is taken before the logbook's last hash is read (the journey's lock, on
 * PostgreSQL, where the journey appends to the logbook under a lock of its own).
 */
export const transaction = (db: Statements, tip?: Chain.Tip, logbookLock: Effect.Effect<unknown> = Effect.void): FundStore.Transaction => {
  const one = <A>(text: string, params: ReadonlyArray<unknown>, f: (row: Row) => A) =>
    Effect.map(db.all(text, params), (rows) => Option.map(Option.fromNullable(rows[0]), f))
  return {
    entry: (key) =>
      one("select key, command, hash, result, at from fund_entry where key = ?", [key], (row) =>
        decodeEntry({ ...row, result: JSON.parse(String(row["result"])) })),
    record: (entry) =>
      db.run("insert into fund_entry (key, command, hash, result, at) values (?, ?, ?, ?, ?)", [
        entry.key,
        entry.command,
        entry.hash,
        JSON.stringify(entry.result),
        entry.at
      ]),
    next: (sequence) =>
      Effect.map(
        db.all(
          "insert into fund_sequence (name, value) values (?, 1) on conflict (name) do update set value = fund_sequence.value + 1 returning value",
          [sequence]
        ),
        (rows) => Number(rows[0]!["value"])
      ),
    request: (id) => one("select record from fund_request where id = ?", [id], (row) => requests.parse(row["record"])),
    household: (houseCode) =>
      Effect.map(db.all("select record from fund_request where house_code = ? order by number", [houseCode]), (rows) =>
        rows.map((row) => requests.parse(row["record"]))),
    putRequest: (request) =>
      db.run(
        `insert into fund_request (id, number, house_code, state, record) values (?, ?, ?, ?, ?)
         on conflict (id) do update set state = excluded.state, record = excluded.record`,
        [request.id, numberOf(request.id), request.houseCode, request.state._tag, requests.text(request)]
      ),
    receipt: (id) => one("select record from fund_receipt where id = ?", [id], (row) => receipts.parse(row["record"])),
    putReceipt: (receipt) =>
      db.run(
        `insert into fund_receipt (id, number, bank_reference, reference_key, value_date, record) values (?, ?, ?, ?, ?, ?)
         on conflict (id) do update set record = excluded.record`,
        [receipt.id, numberOf(receipt.id), receipt.bankReference, Receipt.referenceKey(receipt.bankReference), receipt.valueDate, receipts.text(receipt)]
      ),
    receiptsByReference: (bankReference) =>
      Effect.map(
        db.all("select record from fund_receipt where reference_key = ? order by number", [Receipt.referenceKey(bankReference)]),
        (rows) => rows.map((row) => receipts.parse(row["record"]))
      ),
    pledge: (id) => one("select record from fund_pledge where id = ?", [id], (row) => pledges.parse(row["record"])),
    putPledge: (pledge) =>
      db.run(
        `insert into fund_pledge (id, number, contributor, record) values (?, ?, ?, ?)
         on conflict (id) do update set record = excluded.record`,
        [pledge.id, numberOf(pledge.id), pledge.contributor, pledges.text(pledge)]
      ),
    contributor: (id) => one("select record from fund_contributor where id = ?", [id], (row) => contributors.parse(row["record"])),
    putContributor: (contributor) =>
      db.run("insert into fund_contributor (id, record) values (?, ?) on conflict (id) do update set record = excluded.record", [
        contributor.id,
        contributors.text(contributor)
      ]),
    settings: () => one("select settings from fund_settings where id = 1", [], (row) => settingsJson.parse(row["settings"])),
    putSettings: (settings) =>
      db.run("insert into fund_settings (id, settings) values (1, ?) on conflict (id) do update set settings = excluded.settings", [
        settingsJson.text(settings)
      ]),
    settingsChange: (id) => one("select record from fund_settings_change where id = ?", [id], (row) => changes.parse(row["record"])),
    settingsChanges: () =>
      Effect.map(db.all("select record from fund_settings_change order by number", []), (rows) => rows.map((row) => changes.parse(row["record"]))),
    putSettingsChange: (change) =>
      db.run(
        `insert into fund_settings_change (id, number, state, record) values (?, ?, ?, ?)
         on conflict (id) do update set state = excluded.state, record = excluded.record`,
        [change.id, numberOf(change.id), change.state._tag, changes.text(change)]
      ),
    pool: (pool: Pool.Pool) => {
      const stages = [Ledger.available(pool), Ledger.reserved(pool), Ledger.paidOut(pool)].map(Ledger.accountKey)
      return Effect.map(db.all("select account, debits, credits from fund_balance where account in (?, ?, ?)", stages), (rows) =>
        Ledger.poolBalance(Ledger.report(rows.map(total)), pool))
    },
    totals: (accounts) => {
      if (accounts.length === 0) return Effect.succeed([])
      const keys = accounts.map(Ledger.accountKey)
      return Effect.map(
        db.all(`select account, debits, credits from fund_balance where account in (${keys.map(() => "?").join(", ")})`, keys),
        (rows) => rows.map(total)
      )
    },
    append: (movement) =>
      Effect.gen(function* () {
        if (!Ledger.balanced(movement)) return yield* Effect.dieMessage(`unbalanced movement ${movement.id}`)
        const postings = movement.postings.map((p, line) => [line, Ledger.accountKey(p.account), p.side, p.amount] as const)
        const prev = tip?.movement ?? (yield* Chain.last(db, "fund_movement"))
        const hash = Chain.link(prev, Chain.movementText([movement.id, movement.kind, movement.reverses ?? null, movement.at], postings))
        // A repeated id fails on the primary key: a defect, and the transaction rolls back.
        yield* db.run("insert into fund_movement (id, kind, reverses, at, prev_hash, hash) values (?, ?, ?, ?, ?, ?)", [
          movement.id,
          movement.kind,
          movement.reverses ?? null,
          movement.at,
          prev,
          hash
        ])
        if (tip !== undefined) tip.movement = hash
        yield* db.run(insertPostings(postings.length), postings.flatMap((p) => [movement.id, ...p]))
        const totals = Ledger.totals(movement.postings)
        yield* db.run(upsertBalances(totals.length), totals.flatMap((t) => [Ledger.accountKey(t.account), t.debits, t.credits]))
      }),
    // The journey's own logbook, in the fund's transaction; a repeated id fails on its unique key.
    log: (entry) => JourneySql.appendLogbook(db, tip ?? Chain.tip(), entry, logbookLock)
  }
}

// ---------------------------------------------------------------------------------------
// The adapter.

/**
 * The key of the PostgreSQL advisory lock that serialises the fund's transactions (apart
 * from the registry's, which has its own).
 */
const fundLock = 0x50686664 // "Phfd"

/** A `transact` waiting for its turn: its body, and where its exit goes once committed. */
interface Job {
  readonly body: (tx: FundStore.Transaction, flush: Effect.Effect<void>) => Promise<Exit.Exit<unknown, unknown>>
  readonly done: (exit: Exit.Exit<unknown, unknown>) => void
}

/** The most commands one database transaction carries. */
const largestBatch = 64

/** The books over a `Database` (whose schema must be migrated). */
export const make: Effect.Effect<Context.Tag.Service<FundStore.FundStore>, never, Database.Database> = Effect.gen(function* () {
  const database = yield* Database.Database
  const runtime = yield* Effect.runtime<never>()
  const runExit = Runtime.runPromiseExit(runtime)
  const use = database.use

  /**
   * Runs the jobs in one database transaction holding the fund's lock, each in a savepoint
   * of its own: a job that fails is rolled back to its savepoint (its writes, sent or still
   * buffered, are gone) and the next job sees only what succeeded. Exits are handed out
   * only after COMMIT; if the commit fails, every job of the batch dies with it.
   */
  const runBatch = async (jobs: ReadonlyArray<Job>): Promise<void> => {
    const exits: Array<Exit.Exit<unknown, unknown>> = []
    // The chains' last hashes, read under the lock and carried from job to job.
    const tip = Chain.tip()
    /**
     * Each job in turn. `savepoint` is how a job gets its savepoint: SQLite's cost
     * microseconds and are taken up front; PostgreSQL's take a round trip and are taken
     * only before a job's first write in mid-command. A job whose writes all went in its
     * last statement and failed there leaves the transaction aborted with no savepoint to
     * return to: the batch is then given up whole.
     */
    const each = async (
      run: (text: string) => Promise<void>,
      fresh: (before: Effect.Effect<void>) => Statements & { readonly flush: Effect.Effect<void>; readonly last: Effect.Effect<void> },
      eager: boolean,
      logbookLock: Effect.Effect<unknown> = Effect.void
    ) => {
      for (const job of jobs) {
        let saved = false
        const save = Effect.promise(async () => {
          if (saved) return
          saved = true
          await run("savepoint fund_command")
        })
        if (eager) await Effect.runPromise(save)
        const pending = fresh(save)
        let last = false
        const before = { ...tip }
        const exit = await job.body(transaction(pending, tip, logbookLock), Effect.zipRight(Effect.sync(() => void (last = true)), pending.last))
        if (Exit.isFailure(exit) && last && !saved) throw Cause.squash(exit.cause)
        if (Exit.isFailure(exit)) Object.assign(tip, before)
        if (saved) {
          if (Exit.isFailure(exit)) await run("rollback to savepoint fund_command")
          await run("release savepoint fund_command")
        }
        exits.push(exit)
      }
    }
    try {
      if (database.engine === "sqlite") {
        await Effect.runPromise(
          database.transaction(async (tx, native) => {
            const db = native.engine === "sqlite" ? sqliteStatements(native) : statements(tx, "sqlite")
            const run = async (text: string) => void (native.engine === "sqlite" ? native.prepare(text).run() : await sql.raw(text).execute(tx))
            await each(run, () => ({ ...db, flush: Effect.void, last: Effect.void }), true)
          })
        )
      } else {
        await Effect.runPromise(
          use((db) =>
            db.connection().execute(async (conn) => {
              // One round trip: without parameters node-pg sends both in one simple query.
              await sql.raw(`begin; select pg_advisory_xact_lock(${fundLock})`).execute(conn)
              try {
                // Nearly every batch appends a movement: its chain's last hash is read up
                // front, rather than by a read that would send a job's buffered writes ahead.
                tip.movement = await Effect.runPromise(Chain.last(statements(conn, "postgres"), "fund_movement"))
                const lock = statements(conn, "postgres").all(`select pg_advisory_xact_lock(${JourneySql.journeyLock})`, [])
                await each(async (text) => void (await sql.raw(text).execute(conn)), (before) => postgresStatements(conn, before), false, lock)
                await sql`commit`.execute(conn)
              } catch (error) {
                await sql`rollback`.execute(conn)
                throw error
              }
            })
          )
        )
      }
    } catch (error) {
      for (const job of jobs) job.done(Exit.die(error))
      return
    }
    jobs.forEach((job, i) => job.done(exits[i]!))
  }

  // Group commit: one batch at a time from this process; the commands that arrive while a
  // batch runs wait, then go together in the next. Each command still reads what every
  // earlier one wrote and holds the lock for its whole check-and-write, but a batch pays
  // for one commit (PostgreSQL's WAL flush) where one a command would pay for each, and
  // the others wait here rather than each holding a pooled connection in the server's
  // queue for the lock.
  const waiting: Array<Job> = []
  let running = false
  const drain = async () => {
    running = true
    while (waiting.length > 0) await runBatch(waiting.splice(0, largestBatch))
    running = false
  }

  const transact = <A, E>(f: (tx: FundStore.Transaction) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.flatten(
      Effect.promise(
        () =>
          new Promise<Exit.Exit<A, E>>((resolve) => {
            waiting.push({
              body: (tx, flush) => runExit(Effect.zipLeft(f(tx), flush)),
              done: resolve as (exit: Exit.Exit<unknown, unknown>) => void
            })
            if (!running) void drain()
          })
      )
    )

  const records = <T extends "fund_request" | "fund_receipt" | "fund_pledge" | "fund_settings_change", A>(table: T, parse: (text: unknown) => A) =>
    use((db) => db.selectFrom(table as "fund_request").select("record").orderBy("number").execute()).pipe(
      Effect.map((rows) => rows.map((row) => parse(row.record)))
    )

  return FundStore.FundStore.of({
    transact,
    balances: () =>
      Effect.map(use((db) => db.selectFrom("fund_balance").select(["account", "debits", "credits"]).execute()), (rows) =>
        Ledger.report(rows.map(total))),
    movements: () =>
      Effect.map(
        use((db) =>
          db
            .selectFrom("fund_movement as m")
            .innerJoin("fund_posting as p", "p.movement_id", "m.id")
            .select(["m.id", "m.kind", "m.reverses", "m.at", "p.account", "p.side", "p.amount"])
            .orderBy("m.position")
            .orderBy("p.line")
            .execute()
        ),
        (rows) => {
          const movements: Array<{ id: string; kind: string; reverses?: string; at: string; postings: Array<unknown> }> = []
          for (const row of rows) {
            let last = movements.at(-1)
            if (last === undefined || last.id !== row.id) {
              last = { id: row.id, kind: row.kind, ...(row.reverses === null ? {} : { reverses: row.reverses }), at: row.at, postings: [] }
              movements.push(last)
            }
            last.postings.push({ account: accountOf(row.account), side: row.side, amount: Number(row.amount) })
          }
          return movements.map((m) => decodeMovement(m))
        }
      ),
    requests: () => records("fund_request", requests.parse),
    receipts: () => records("fund_receipt", receipts.parse),
    pledges: () => records("fund_pledge", pledges.parse),
    settingsChanges: () => records("fund_settings_change", changes.parse),
    contributors: () =>
      Effect.map(use((db) => db.selectFrom("fund_contributor").select("record").orderBy("position").execute()), (rows) =>
        rows.map((row) => contributors.parse(row.record))),
    settings: () =>
      Effect.map(use((db) => db.selectFrom("fund_settings").select("settings").where("id", "=", 1).executeTakeFirst()), (row) =>
        Option.map(Option.fromNullable(row), (r) => settingsJson.parse(r.settings))),
    logbook: () =>
      Effect.map(
        use((db) => db.selectFrom("journey_logbook").selectAll().where("fund_request", "is not", null).orderBy("position").execute()),
        (rows) => rows.map(JourneySql.entryOf)
      ),
    entries: () =>
      Effect.map(
        use((db) => db.selectFrom("fund_entry").select(["key", "command", "hash", "result", "at"]).orderBy("position").execute()),
        (rows) => rows.map((row) => decodeEntry({ ...row, result: JSON.parse(row.result) }))
      )
  })
})

/**
 * The fund's books on the database of the `Database` service.
 *
 * @example
 * const books = Layer.mergeAll(FundSql.layer, Migrations.layer).pipe(Layer.provide(Database.layer(fromEnv(process.env))))
 */
export const layer: Layer.Layer<FundStore.FundStore, never, Database.Database> = Layer.effect(FundStore.FundStore, make)
