// The fund's concurrency harness, shared by the test suite (FundConcurrency.test.ts) and
// `pnpm bench --only fund`: a seeded plan of approvals, payments, cancellations and
// rejections over requests that together ask for far more than the pools hold, with keys
// sent twice and keys reused for other content; clients that each open their own database
// handle in a worker thread and run their share of the plan at once; and the check of the
// books' invariants afterwards. It loads the built packages (`pnpm build` first), since a
// worker thread cannot load TypeScript.
import { AccessMemory, CitizenId, FundCommands, FundStore, Ledger, Pool, Registry, SurveyRecord } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { Worker } from "node:worker_threads"
import { Database, FundSql, Migrations, RegistrySql } from "../dist/index.js"

const baht = (n) => n * 100
const person = (id, role) => ({ id, role, scope: [""] })
export const actors = {
  system: person("system", "system"),
  m1: person("m1", "fundCommittee"),
  m2: person("m2", "fundCommittee"),
  m3: person("m3", "fundCommittee"),
  t1: person("t1", "treasurer"),
  t2: person("t2", "treasurer"),
  mentor: person("mentor-3301", "mentor"),
  province: person("pc-1", "provincialCentre")
}

const settings = {
  quorum: 2,
  committee: ["m1", "m2", "m3"],
  treasurers: ["t1", "t2"],
  ceilingPerRequest: baht(100_000),
  capPerHouseholdPerFiscalYear: baht(1_000_000)
}

const pools = [{}, { area: "3301" }]

/** A small seeded generator (mulberry32): the same seed, the same plan. */
const random = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The plan of one run: money in (a third to a half of what the requests ask for), the
 * requests each approved once already, and the clients' operations. Every request gets
 * the two approvals that can reach its quorum, a payment by each treasurer under
 * different keys (one must fail), and maybe a cancellation and a rejection. A third of the
 * operations are sent twice with the same key (by another client, likely at the same
 * time); a tenth have a twin under the same key with other content.
 */
export const plan = ({ seed, requests = 24, clients = 4 }) => {
  const next = random(seed)
  const asked = Array.from({ length: requests }, (_, i) => ({
    n: i + 1,
    pool: next() < 0.7 ? pools[0] : pools[1],
    amount: baht(5_000 + Math.floor(next() * 10_000))
  }))
  const receipts = pools.map((pool, i) => {
    const wanted = asked.filter((r) => Pool.key(r.pool) === Pool.key(pool)).reduce((sum, r) => sum + r.amount, 0)
    return { bankReference: `KTB-${i + 1}`, valueDate: "2022-01-05", amount: Math.max(baht(1_000), Math.floor(wanted * (0.35 + next() * 0.15))), pool }
  })
  const ops = []
  for (const { n } of asked) {
    const request = `R-${n}`
    ops.push({ command: "approve", actor: "m2", key: `a2-${n}`, input: { request } })
    ops.push({ command: "approve", actor: "m3", key: `a3-${n}`, input: { request } })
    ops.push({ command: "pay", actor: "t1", key: `p1-${n}`, input: { request, transferReference: `TRF-${n}`, paidOn: "2022-01-07" } })
    ops.push({ command: "pay", actor: "t2", key: `p2-${n}`, input: { request, transferReference: `TRF-${n}-b`, paidOn: "2022-01-07" } })
    if (next() < 0.3) ops.push({ command: "cancel", actor: "m1", key: `c-${n}`, input: { request } })
    if (next() < 0.2) ops.push({ command: "reject", actor: "m3", key: `j-${n}`, input: { request, reason: "ซ้ำกับงบของ อบต." } })
  }
  const twins = []
  for (const op of ops) {
    if (next() < 0.3) twins.push({ ...op })
    if (next() < 0.1) {
      const other = `R-${1 + Math.floor(next() * requests)}`
      twins.push(
        op.command === "pay"
          ? { ...op, input: { ...op.input, transferReference: `${op.input.transferReference}-other` } }
          : { ...op, input: { ...op.input, request: other === op.input.request ? `R-${requests + 1}` : other } }
      )
    }
  }
  const all = [...ops, ...twins]
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[all[i], all[j]] = [all[j], all[i]]
  }
  const shares = Array.from({ length: clients }, () => [])
  all.forEach((op, i) => shares[i % clients].push(op))
  return { receipts, requests: asked, clients: shares }
}

// ---------------------------------------------------------------------------------------
// The books, real or naive.

/**
 * Deliberately naive books: the adapter's very SQL with no transaction and no lock, each
 * statement committing by itself. A command reads a balance or a state, and writes on
 * what it read, while other clients write in between: what the suite must catch.
 */
const naiveLayer = Layer.effect(
  FundStore.FundStore,
  Effect.gen(function* () {
    const database = yield* Database.Database
    const real = yield* FundSql.make
    const db = yield* database.use(async (db) => db)
    const tx = FundSql.transaction(FundSql.statements(db, database.engine))
    return { ...real, transact: (f) => f(tx) }
  })
)

/** The books over a config: `FundSql.layer`, or the naive books; and the registry the requests' households are in. */
export const books = (config, naive = false) =>
  Layer.merge(naive ? naiveLayer : FundSql.layer, RegistrySql.layer).pipe(Layer.provideMerge(Database.layer(config)))

/** A valid citizen ID for a serial number. */
const citizenId = (n) => {
  const first12 = `1${String(n).padStart(11, "0")}`
  return `${first12}${CitizenId.checkDigit(first12)}`
}

/**
 * Puts households of these house codes in round 2564 of the registry (one member each, the
 * village `villageCode`): a request is refused for a house in no round.
 */
export const registered = (houseCodes, villageCode = "33010101") =>
  Effect.flatMap(Registry.HouseholdRegistry, (registry) =>
    registry.upsert(
      2564,
      houseCodes.map((houseCode, i) =>
        Either.getOrThrow(
          SurveyRecord.decode({
            houseCode,
            villageCode,
            surveyYear: 2564,
            surveyedOn: "2021-06-15",
            welfareCard: "none",
            members: [{ citizenId: citizenId(50_000 + i), firstName: "ทดสอบ", lastName: "ครัวเรือน", sex: "female", birthDate: "1980-01-01", relation: "head" }]
          })
        )
      )
    ))

/** The house code of the plan's request `n`. */
const houseOf = (n) => `330100${String(n).padStart(5, "0")}`

const run = (config, program, naive = false) => Effect.runPromise(Effect.provide(program, books(config, naive)))

/** Puts in the plan's settings, money, requests and first approvals, one command after another. */
export const setup = (thePlan) =>
  Effect.gen(function* () {
    yield* registered(thePlan.requests.map((r) => houseOf(r.n)))
    yield* Effect.provide(FundCommands.configure(actors.province, "settings", settings), AccessMemory.users(Object.values(actors)))
    for (const [i, receipt] of thePlan.receipts.entries()) yield* FundCommands.recordReceipt(actors.t1, `receipt-${i}`, receipt)
    for (const r of thePlan.requests) {
      const input = { houseCode: houseOf(r.n), villageCode: "33010101", purpose: "school-uniforms", pool: r.pool, amount: r.amount }
      const made = yield* FundCommands.request(actors.mentor, `request-${r.n}`, input)
      if (made.id !== `R-${r.n}`) return yield* Effect.dieMessage(`request ${r.n} was numbered ${made.id}`)
      yield* FundCommands.approve(actors.m1, `a1-${r.n}`, { request: made.id })
    }
  }).pipe(Effect.orDie)

/** Migrates a fresh database and runs `setup` on it. */
export const prepare = (config, thePlan) =>
  run(
    config,
    Effect.gen(function* () {
      const database = yield* Database.Database
      yield* Effect.orDie(database.use(async (db) => db).pipe(Effect.flatMap(Migrations.migrateToLatest)))
      yield* setup(thePlan)
    })
  )

const commands = {
  approve: FundCommands.approve,
  pay: FundCommands.pay,
  cancel: FundCommands.cancel,
  reject: FundCommands.reject
}

/** What came of one operation: `ok` with its result as JSON, a refusal's tag, or `defect`. */
export const outcome = (op) =>
  Effect.exit(commands[op.command](actors[op.actor], op.key, op.input)).pipe(
    Effect.map((exit) => {
      const content = JSON.stringify([op.command, op.actor, op.input])
      if (exit._tag === "Success") return { key: op.key, content, outcome: "ok", result: JSON.stringify(exit.value) }
      const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
      return failure !== undefined && typeof failure._tag === "string"
        ? { key: op.key, content, outcome: failure._tag }
        : { key: op.key, content, outcome: "defect", result: String(exit.cause).slice(0, 300) }
    })
  )

/**
 * Runs the clients at once, each in a worker thread (FundClient.mjs) that opens its own
 * handle first; once all are open they start together. Resolves with every outcome and
 * the seconds from the first client's start to the last one's end.
 */
export const race = (config, thePlan, { naive = false, concurrency = 4 } = {}) =>
  new Promise((resolve, reject) => {
    const workers = thePlan.clients.map(
      (ops) => new Worker(new URL("./FundClient.mjs", import.meta.url), { workerData: { config, naive, ops, concurrency } })
    )
    let ready = 0
    const results = []
    for (const worker of workers) {
      worker.once("error", reject)
      worker.on("message", (message) => {
        if (message === "ready") {
          if (++ready === workers.length) for (const w of workers) w.postMessage("go")
          return
        }
        results.push(message)
        if (results.length === workers.length) {
          const start = Math.min(...results.map((r) => r.start))
          const end = Math.max(...results.map((r) => r.end))
          resolve({ outcomes: results.flatMap((r) => r.outcomes), seconds: (end - start) / 1000 })
        }
      })
    }
  })

/**
 * The benchmark's plan: `requests` requests shared out among the clients, each client
 * approving (the second, reserving approval) then paying its share; the money covers
 * nine requests in ten. One operation in twenty is sent twice.
 */
export const benchPlan = ({ seed, requests, clients }) => {
  const next = random(seed)
  const asked = Array.from({ length: requests }, (_, i) => ({ n: i + 1, pool: pools[i % 2], amount: baht(1_000 + Math.floor(next() * 2_000)) }))
  const receipts = pools.map((pool, i) => ({
    bankReference: `KTB-${i + 1}`,
    valueDate: "2022-01-05",
    amount: Math.floor(asked.filter((r) => r.pool === pool).reduce((sum, r) => sum + r.amount, 0) * 0.9),
    pool
  }))
  const shares = Array.from({ length: clients }, () => [])
  const approve = (n) => ({ command: "approve", actor: "m2", key: `a2-${n}`, input: { request: `R-${n}` } })
  const pay = (n) => ({ command: "pay", actor: "t1", key: `p1-${n}`, input: { request: `R-${n}`, transferReference: `TRF-${n}`, paidOn: "2022-01-07" } })
  for (const make of [approve, pay]) {
    for (const { n } of asked) {
      const share = shares[n % clients]
      share.push(make(n))
      if (next() < 0.05) share.push(make(n))
    }
  }
  return { receipts, requests: asked, clients: shares }
}

// ---------------------------------------------------------------------------------------
// The invariants.

const decodeMovements = Schema.decodeUnknownSync(Schema.Array(Ledger.Movement))

/**
 * Every invariant the books must keep, checked on what they hold after a run and on what
 * the clients were told; returns the broken ones (none for sound books), each with one
 * example.
 */
export const check = (config, outcomes) =>
  run(
    config,
    Effect.gen(function* () {
      const store = yield* FundStore.FundStore
      const movements = decodeMovements(yield* store.movements())
      const requests = yield* store.requests()
      const stored = yield* store.balances()
      const entries = yield* store.entries()
      const broken = []
      const breaks = (name, example) => {
        if (!broken.some((b) => b.name === name)) broken.push({ name, example })
      }

      // 1. No pool ever below zero: replaying movements in the order appended, no pool's
      //    available or reserved money goes negative at any step.
      const running = new Map()
      for (const m of movements) {
        for (const p of m.postings) {
          if (p.account._tag !== "available" && p.account._tag !== "reserved") continue
          const k = Ledger.accountKey(p.account)
          const value = (running.get(k) ?? 0) + (p.side === "credit" ? p.amount : -p.amount)
          running.set(k, value)
          if (value < 0) breaks("pool below zero", `${k} at ${value} after ${m.id}`)
        }
      }

      // 2. Debits equal credits, in every movement and overall.
      let debits = 0
      let credits = 0
      for (const m of movements) {
        if (!Ledger.balanced(m)) breaks("unbalanced movement", m.id)
        for (const p of m.postings) p.side === "debit" ? (debits += p.amount) : (credits += p.amount)
      }
      if (debits !== credits) breaks("debits differ from credits", `${debits} ≠ ${credits}`)

      // 3. Stored balances equal their derivation from the postings.
      const derived = Ledger.balances(movements.flatMap((m) => m.postings))
      if (JSON.stringify(stored) !== JSON.stringify(derived)) breaks("stored balances differ from postings", JSON.stringify({ stored, derived }).slice(0, 300))

      // 4. One effect per key: one entry each; every client told `ok` for a key was told the
      //    same result, for the same content; other content under that key was refused.
      const entryKeys = new Set()
      for (const e of entries) {
        if (entryKeys.has(e.key)) breaks("key recorded twice", e.key)
        entryKeys.add(e.key)
      }
      const byKey = new Map()
      for (const o of outcomes) {
        if (o.outcome !== "ok") continue
        const first = byKey.get(o.key)
        if (first === undefined) byKey.set(o.key, o)
        else if (first.content !== o.content || first.result !== o.result) breaks("one key, two effects", o.key)
        if (!entryKeys.has(o.key)) breaks("ok without an entry", o.key)
      }

      // 5. No request paid twice, and every request's state agrees with its movements.
      const byRequest = new Map()
      for (const m of movements) {
        const [subject, kind] = m.id.split(":")
        const counts = byRequest.get(subject) ?? {}
        counts[kind] = (counts[kind] ?? 0) + 1
        byRequest.set(subject, counts)
      }
      const expected = {
        requested: {},
        reserved: { reservation: 1 },
        paid: { reservation: 1, payment: 1 },
        cancelled: { reservation: 1, release: 1 },
        rejected: {}
      }
      for (const r of requests) {
        const counts = byRequest.get(r.id) ?? {}
        if ((counts.payment ?? 0) > 1) breaks("request paid twice", r.id)
        const want = r.state._tag === "rejected" && r.state.release !== undefined ? { reservation: 1, release: 1 } : expected[r.state._tag]
        if (JSON.stringify(counts) !== JSON.stringify(want)) breaks("request state disagrees with the ledger", `${r.id} ${r.state._tag} ${JSON.stringify(counts)}`)
      }
      for (const pool of derived.pools) {
        const of = (tag) => requests.filter((r) => r.state._tag === tag && Pool.key(r.pool) === Pool.key(pool.pool)).reduce((s, r) => s + r.amount, 0)
        if (pool.reserved !== of("reserved") || pool.spent !== of("paid")) breaks("pool disagrees with its requests", Pool.key(pool.pool))
      }

      // 6. Sound books never fail for want of a lock: no database error reached a client.
      const defect = outcomes.find((o) => o.outcome === "defect")
      if (defect !== undefined) breaks("database error", `${defect.key}: ${defect.result}`)

      const tally = {}
      for (const o of outcomes) tally[`${o.outcome}`] = (tally[o.outcome] ?? 0) + 1
      const paid = requests.filter((r) => r.state._tag === "paid").length
      const reservedOrPaid = requests.filter((r) => r.state._tag === "reserved" || r.state._tag === "paid" || r.state._tag === "cancelled" || (r.state._tag === "rejected" && r.state.release !== undefined)).length
      return { broken, tally, paid, approved: reservedOrPaid, movements: movements.length }
    })
  )
