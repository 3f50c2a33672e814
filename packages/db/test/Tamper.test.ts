/**
 * The books against someone with the database at hand: what the triggers refuse on both
 * engines (a row replaced, a paid request set back, PostgreSQL's replica role), and what
 * `Verify` finds once the triggers are out of the way (a chain broken, a balance or a
 * request's state that the ledger does not bear out, a trigger gone).
 */
import { FundCommands, FundRequest, FundStore, type Idempotency, JourneyStore, Ledger, Receipt, type Registry, type Satang } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { Migrator, sql } from "kysely"
import { describe, expect, it } from "vitest"
import { Database, JourneySql, Migrations, Verify } from "../src/index.js"
import { attempt, freshDatabase } from "./engines.js"
import { at, entry } from "./fixtures.js"
import { fundBooks } from "./FundEngines.js"
import { actors, outcome, plan, registered, setup } from "./FundHarness.mjs"


const key = (k: string) => k as Idempotency.Key

type Books = FundStore.FundStore | JourneyStore.JourneyStore | Registry.HouseholdRegistry | Database.Database

const books = (engine: "sqlite" | "postgres"): Layer.Layer<Books> => JourneySql.layer.pipe(Layer.provideMerge(fundBooks(engine)))

/** Settings, money, requests in every state (one command after another) and two logbook entries of the journey. */
const populate = Effect.gen(function* () {
  const thePlan = plan({ seed: 3, requests: 6, clients: 1 })
  yield* setup(thePlan)
  for (const op of thePlan.clients[0]!) yield* outcome(op)
  const journey = yield* JourneyStore.JourneyStore
  yield* journey.transact((tx) => Effect.all([tx.append(entry("L-1", 50_000)), tx.append(entry("L-2", 20_000))]))
  const store = yield* FundStore.FundStore
  const requests = yield* store.requests()
  const paid = requests.find((r) => r.state._tag === "paid")
  if (paid === undefined) return yield* Effect.dieMessage("the plan paid no request")
  return { paid, requests }
})

const findings = Effect.map(Verify.verify, (report) => report.findings)

describe.each([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
] as const)("the books on %s", (_, engine) => {
  const run = <A, E>(program: Effect.Effect<A, E, Books>) => Effect.runPromise(Effect.provide(program, books(engine)))
  /** Drops a trigger: the database administrator's first move. */
  const drop = (table: string, trigger: string) =>
    attempt(engine === "sqlite" ? `drop trigger ${trigger}` : `drop trigger ${trigger} on ${table}`)
  const updateTrigger = (table: string) => (engine === "sqlite" ? `${table}_no_update` : `${table}_append_only`)

  it("verifies books written through the adapters clean, and names where each chain ends", () =>
    run(
      Effect.gen(function* () {
        const { requests } = yield* populate
        expect([...new Set(requests.map((r) => r.state._tag))].sort()).toEqual(["paid", "rejected", "requested"])
        const report = yield* Verify.verify
        expect(report.findings).toEqual([])
        const movements = (yield* Effect.flatMap(FundStore.FundStore, (s) => s.movements())).length
        // The journey's two entries and a payment's.
        const logged = (yield* Effect.flatMap(JourneyStore.JourneyStore, (j) => j.logbook(""))).length
        expect(logged).toBeGreaterThan(2)
        expect(report.chains.map((c) => [c.table, c.rows])).toEqual([["fund_movement", movements], ["journey_logbook", logged]])
        const last = yield* Effect.flatMap(Database.Database, (d) =>
          d.use((db) => db.selectFrom("fund_movement").select("hash").orderBy("position", "desc").limit(1).executeTakeFirstOrThrow()))
        expect(report.chains[0]!.last).toBe(last.hash)
      })
    ))

  it("refuses a movement's posting or a logbook entry replaced by an INSERT", () =>
    run(
      Effect.gen(function* () {
        yield* populate
        const replace = engine === "sqlite"
          ? {
            posting: "insert or replace into fund_posting (movement_id, line, account, side, amount) values ('RC-1:receipt', 0, 'bank', 'debit', 1)",
            logbook: "replace into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, recorded_by, recorded_at) values ('L-1', '33010100001', '33010101', '2022-08-12', 'cash', 1, '[8]', 'agencyFunction', 'officer', 'x')",
            movement: "insert or replace into fund_movement (id, kind, at) values ('RC-1:receipt', 'receipt', 'x')"
          }
          : {
            posting: "insert into fund_posting (movement_id, line, account, side, amount) values ('RC-1:receipt', 0, 'bank', 'debit', 1) on conflict (movement_id, line) do update set amount = excluded.amount",
            logbook: "insert into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, recorded_by, recorded_at) values ('L-1', '33010100001', '33010101', '2022-08-12', 'cash', 1, '[8]', 'agencyFunction', 'officer', 'x') on conflict (id) do update set value = excluded.value",
            movement: "insert into fund_movement (id, kind, at) values ('RC-1:receipt', 'receipt', 'x') on conflict (id) do update set at = excluded.at"
          }
        expect(yield* attempt(replace.posting)).toMatch(/^fund_posting is append-only/)
        expect(yield* attempt(replace.logbook)).toMatch(/^journey_logbook is append-only/)
        expect(yield* attempt(replace.movement)).toMatch(/^fund_movement is append-only/)
        expect(yield* findings).toEqual([])
      })
    ))

  if (engine === "sqlite") {
    it("finds a logbook entry replaced by a connection without recursive triggers as a break of its chain", () =>
      run(
        Effect.gen(function* () {
          yield* populate
          // Another tool's connection: SQLite deletes the replaced row without its DELETE trigger.
          expect(yield* attempt("pragma recursive_triggers = off")).toBe("done")
          expect(yield* attempt("replace into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, recorded_by, recorded_at) values ('L-1', '33010100001', '33010101', '2022-08-12', 'cash', 1, '[8]', 'agencyFunction', 'officer', 'x')")).toBe("done")
          expect(yield* attempt("insert or replace into fund_posting (movement_id, line, account, side, amount) values ('RC-1:receipt', 0, 'bank', 'debit', 1)")).toMatch(/^fund_posting is append-only/)
          expect(yield* attempt("pragma recursive_triggers = on")).toBe("done")
          const found = yield* findings
          expect(found.filter((f) => f._tag === "ChainBroken").map((f) => f.id)).toEqual(["L-2", "L-1"])
        })
      ))
  }

  it("refuses a paid request set back to reserved, replaced or deleted, and a balance taken down", () =>
    run(
      Effect.gen(function* () {
        const { paid } = yield* populate
        const reserved = JSON.stringify({ ...JSON.parse(JSON.stringify(paid)), state: { _tag: "reserved", reservation: `${paid.id}:reservation` } })
        expect(yield* attempt(`update fund_request set state = 'reserved', record = '${reserved}' where id = '${paid.id}'`)).toMatch(/^fund_request: a request moves forward only/)
        const replace = engine === "sqlite"
          ? `insert or replace into fund_request (id, number, house_code, state, record) values ('${paid.id}', ${paid.id.slice(2)}, '${paid.houseCode}', 'reserved', '${reserved}')`
          : `insert into fund_request (id, number, house_code, state, record) values ('${paid.id}', ${paid.id.slice(2)}, '${paid.houseCode}', 'reserved', '${reserved}') on conflict (id) do update set state = excluded.state, record = excluded.record`
        expect(yield* attempt(replace)).toMatch(/^fund_request/)
        expect(yield* attempt(`delete from fund_request where id = '${paid.id}'`)).toMatch(/^fund_request is part of the books/)
        expect(yield* attempt("delete from fund_settings")).toMatch(/^fund_settings is part of the books/)
        expect(yield* attempt(engine === "sqlite" ? "insert or replace into fund_settings (id, settings) values (1, '{}')" : "truncate fund_settings")).toMatch(/^fund_settings is part of the books/)
        expect(yield* attempt("update fund_balance set debits = 0 where account = 'bank'")).toMatch(/^fund_balance: a balance only adds/)
        expect(yield* attempt("update fund_receipt set value_date = '2000-01-01'")).toMatch(/^fund_receipt: a receipt changes only by its reversal/)
        expect(yield* findings).toEqual([])
        // The transitions the domain makes still go through.
        yield* registered(["33010100099"])
        const request = yield* FundCommands.request(actors.mentor, key("tamper-request"), {
          houseCode: "33010100099",
          villageCode: "33010101",
          purpose: "school-uniforms",
          pool: {},
          amount: 100 as Satang.Satang
        } as never)
        yield* FundCommands.approve(actors.m1, key("tamper-a1"), { request: request.id })
        yield* FundCommands.approve(actors.m2, key("tamper-a2"), { request: request.id })
        const done = yield* FundCommands.pay(actors.t1, key("tamper-pay"), { request: request.id, transferReference: "TRF-X", paidOn: "2022-01-07" } as never)
        expect(done.state._tag).toBe("paid")
        expect(yield* findings).toEqual([])
      })
    ))

  if (engine === "postgres") {
    it("still refuses under session_replication_role = replica", () =>
      run(
        Effect.gen(function* () {
          const { paid } = yield* populate
          // One simple query, one implicit transaction: the SET goes with the refused UPDATE.
          expect(yield* attempt("set session_replication_role = replica; update fund_posting set amount = 1")).toMatch(/^fund_posting is append-only/)
          expect(yield* attempt("set session_replication_role = replica; delete from journey_logbook")).toMatch(/^journey_logbook is append-only/)
          expect(yield* attempt(`set session_replication_role = replica; update fund_request set state = 'reserved' where id = '${paid.id}'`)).toMatch(/^fund_request/)
          // A trigger set back to firing for the origin role only is found.
          expect(yield* attempt("alter table fund_posting enable trigger fund_posting_append_only")).toBe("done")
          expect(yield* findings).toEqual([{ _tag: "TriggerMissing", table: "fund_posting", trigger: "fund_posting_append_only", reason: "notAlways" }])
        })
      ))
  }

  it("finds a dropped trigger", () =>
    run(
      Effect.gen(function* () {
        yield* populate
        expect(yield* drop("fund_posting", updateTrigger("fund_posting"))).toBe("done")
        expect(yield* drop("fund_request", "fund_request_transition")).toBe("done")
        expect(yield* findings).toEqual([
          { _tag: "TriggerMissing", table: "fund_posting", trigger: updateTrigger("fund_posting"), reason: "missing" },
          { _tag: "TriggerMissing", table: "fund_request", trigger: "fund_request_transition", reason: "missing" }
        ])
      })
    ))

  it("finds a logbook entry or a posting edited with the triggers dropped as a break of its chain", () =>
    run(
      Effect.gen(function* () {
        yield* populate
        yield* drop("journey_logbook", updateTrigger("journey_logbook"))
        yield* drop("fund_posting", updateTrigger("fund_posting"))
        expect(yield* attempt("update journey_logbook set value = 1 where id = 'L-1'")).toBe("done")
        expect(yield* attempt("update fund_posting set amount = 1 where movement_id = 'RC-1:receipt'")).toBe("done")
        const found = (yield* findings).filter((f) => f._tag !== "TriggerMissing")
        expect(found).toEqual([
          { _tag: "ChainBroken", table: "fund_movement", id: "RC-1:receipt", position: expect.any(Number) },
          { _tag: "ChainBroken", table: "journey_logbook", id: "L-1", position: expect.any(Number) },
          expect.objectContaining({ _tag: "BalanceMismatch", account: "available/unrestricted" }),
          expect.objectContaining({ _tag: "BalanceMismatch", account: "bank" })
        ])
      })
    ))

  it("finds a stored balance altered, and settings changed outside configure", () =>
    run(
      Effect.gen(function* () {
        yield* populate
        expect(yield* attempt("update fund_balance set debits = debits + 100000 where account = 'bank'")).toBe("done")
        expect(yield* attempt(`update fund_settings set settings = replace(settings, '"quorum":2', '"quorum":1')`)).toBe("done")
        const found = yield* findings
        expect(found).toEqual([
          expect.objectContaining({ _tag: "BalanceMismatch", account: "bank" }),
          { _tag: "SettingsMismatch", reason: "changed" }
        ])
        const mismatch = found[0] as Extract<Verify.Finding, { _tag: "BalanceMismatch" }>
        expect(mismatch.stored.debits - mismatch.postings.debits).toBe(100_000)
      })
    ))

  it("finds a reversed receipt set back to unreversed, with its trigger dropped", () =>
    run(
      Effect.gen(function* () {
        yield* populate
        const recorded = yield* FundCommands.recordReceipt(actors.t1, key("tamper-receipt"), { bankReference: "KTB-9", valueDate: "2022-01-08", amount: 5_000, pool: {} } as never)
        const reversed = yield* FundCommands.reverseReceipt(actors.t1, key("tamper-reverse"), { receipt: recorded.id, reason: "ผิด" } as never)
        expect(reversed.reversal).toBeDefined()
        expect(yield* findings).toEqual([])
        expect(yield* attempt(`update fund_receipt set record = '${JSON.stringify({ ...JSON.parse(JSON.stringify(Schema.encodeSync(Receipt.Receipt)(reversed))), reversal: undefined })}' where id = '${recorded.id}'`)).toMatch(/^fund_receipt: a receipt changes only by its reversal/)
        yield* drop("fund_receipt", "fund_receipt_reversal")
        const { reversal: _, ...unreversed } = Schema.encodeSync(Receipt.Receipt)(reversed)
        expect(yield* attempt(`update fund_receipt set record = '${JSON.stringify(unreversed)}' where id = '${recorded.id}'`)).toBe("done")
        expect((yield* findings).filter((f) => f._tag === "ReceiptMismatch")).toEqual([{ _tag: "ReceiptMismatch", receipt: recorded.id, reason: "unexpectedReversal" }])
      })
    ))

  it("finds a paid request set back to reserved, with its trigger dropped, and then cancelled: its money released again", () =>
    run(
      Effect.gen(function* () {
        const { paid } = yield* populate
        yield* drop("fund_request", "fund_request_transition")
        const reserved = new FundRequest.Request({ ...paid, state: { _tag: "reserved", reservation: `${paid.id}:reservation` as Ledger.MovementId } })
        const record = JSON.stringify(Schema.encodeSync(FundRequest.Request)(reserved))
        expect(yield* attempt(`update fund_request set state = 'reserved', record = '${record}' where id = '${paid.id}'`)).toBe("done")
        const cancelled = yield* FundCommands.cancel(actors.m1, key("tamper-cancel"), { request: paid.id })
        expect(cancelled.state._tag).toBe("cancelled")
        const found = (yield* findings).filter((f) => f._tag === "RequestMismatch")
        expect(found).toContainEqual({ _tag: "RequestMismatch", request: paid.id, state: "cancelled", reason: "unexpectedPayment" })
      })
    ))

  it("chains the movements and logbook entries a database had before this migration, in order", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const database = yield* Database.Database
        const db = yield* database.use(async (db) => db)
        const migrator = new Migrator({
          db,
          provider: { getMigrations: async () => Migrations.migrations },
          ...(engine === "postgres" ? { migrationTableSchema: String((yield* database.use((db) => sql<{ s: string }>`select current_schema() as s`.execute(db))).rows[0]!.s) } : {})
        })
        const before = yield* Effect.promise(() => migrator.migrateTo("2026-12-03-008-api-access"))
        expect(before.error).toBeUndefined()
        yield* attempt("insert into fund_movement (id, kind, at) values ('RC-1:receipt', 'receipt', '2022-01-05T03:00:00.000Z'), ('RC-2:receipt', 'receipt', '2022-01-06T03:00:00.000Z')")
        yield* attempt("insert into fund_posting (movement_id, line, account, side, amount) values ('RC-1:receipt', 0, 'bank', 'debit', 500), ('RC-1:receipt', 1, 'available/unrestricted', 'credit', 500), ('RC-2:receipt', 0, 'bank', 'debit', 700), ('RC-2:receipt', 1, 'available/unrestricted', 'credit', 700)")
        yield* attempt("insert into fund_balance (account, debits, credits) values ('bank', 1200, 0), ('available/unrestricted', 0, 1200)")
        yield* attempt("insert into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, recorded_by, recorded_at) values ('L-1', '33010100001', '33010101', '2022-08-12', 'cash', 1, '[8]', 'agencyFunction', 'officer', 'x')")
        expect(yield* Effect.orDie(Migrations.migrateToLatest(db))).toContain("2026-12-03-009-tamper-evidence")
        expect(yield* Verify.verify).toEqual({
          findings: [],
          chains: [
            { table: "fund_movement", rows: 2, last: expect.stringMatching(/^[0-9a-f]{64}$/) },
            { table: "journey_logbook", rows: 1, last: expect.stringMatching(/^[0-9a-f]{64}$/) }
          ]
        })
      }).pipe(Effect.provide(freshDatabase(engine)))
    ))

  it("verifies clean after any sequence of receipts, reversals and logbook entries, in batches or one by one", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 1_000_000 }).map((n) => ({ receipt: n })), fc.integer({ min: -5_000, max: 5_000 }).map((n) => ({ entry: n }))), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (steps, together) =>
          run(
            Effect.gen(function* () {
              const store = yield* FundStore.FundStore
              const journey = yield* JourneyStore.JourneyStore
              const commands = steps.map((step, i) =>
                "receipt" in step
                  ? store.transact((tx) => tx.append(Ledger.receipt(`RC-${i}:receipt` as Ledger.MovementId, {}, step.receipt as Satang.Satang, at)))
                  : step.entry % 3 === 0
                    ? store.transact((tx) => tx.log(entry(`L-${i}`, step.entry)))
                    : journey.transact((tx) => tx.append(entry(`L-${i}`, step.entry))))
              // A command that fails leaves no link behind.
              const failing = store.transact((tx) => Effect.zipRight(tx.append(Ledger.receipt("RC-x:receipt" as Ledger.MovementId, {}, 1 as Satang.Satang, at)), Effect.fail("refused")))
              yield* Effect.all([...commands, Effect.either(failing)], { concurrency: together ? "unbounded" : 1, discard: true })
              expect(yield* findings).toEqual([])
            })
          )
      ),
      { numRuns: engine === "sqlite" ? 12 : 4 }
    ), 120_000)
})
