/**
 * Whether the books are as their writers left them: the hash chains of the ledger's
 * movements and of the logbook unbroken, every account's stored balance the sum of its
 * postings, every request's state and receipt's reversal the one its movements show, the
 * settings those the last `configure` recorded, and every trigger of the books in place
 * (and, on PostgreSQL, firing always). `db migrate` and the worker run it; what it cannot
 * see is written in docs/operations.md.
 */
import * as Effect from "effect/Effect"
import { sql } from "kysely"
import * as Chain from "./Chain.js"
import * as Database from "./Database.js"

/** Something in the database that its writers would not have left there. */
export type Finding =
  /** A row whose hash is not its own, or whose previous hash is not the row before it. */
  | { readonly _tag: "ChainBroken"; readonly table: "fund_movement" | "journey_logbook"; readonly id: string; readonly position: number }
  /** An account whose stored totals are not the sums of its postings. */
  | {
    readonly _tag: "BalanceMismatch"
    readonly account: string
    readonly stored: { readonly debits: number; readonly credits: number }
    readonly postings: { readonly debits: number; readonly credits: number }
  }
  /** A request whose state the ledger (or the logbook) does not bear out. */
  | { readonly _tag: "RequestMismatch"; readonly request: string; readonly state: string; readonly reason: RequestReason }
  /** A receipt whose movements (its receipt, its reversal) are not what it says. */
  | { readonly _tag: "ReceiptMismatch"; readonly receipt: string; readonly reason: "missingReceipt" | "missingReversal" | "unexpectedReversal" }
  /** Settings that are not those the last `configure` recorded. */
  | { readonly _tag: "SettingsMismatch"; readonly reason: "notConfigured" | "changed" }
  /** A trigger of the books that is gone, or (PostgreSQL) does not fire always. */
  | { readonly _tag: "TriggerMissing"; readonly table: string; readonly trigger: string; readonly reason: "missing" | "notAlways" }

export type RequestReason =
  | "stateColumn"
  | "missingReservation"
  | "missingPayment"
  | "missingRelease"
  | "unexpectedReservation"
  | "unexpectedPayment"
  | "unexpectedRelease"
  | "noRequest"
  | "logbookNotPaid"

/** Where a chain ends: its rows and its last hash (to compare with a copy kept elsewhere). */
export interface ChainEnd {
  readonly table: "fund_movement" | "journey_logbook"
  readonly rows: number
  readonly last: string
}

export interface Report {
  readonly findings: ReadonlyArray<Finding>
  readonly chains: ReadonlyArray<ChainEnd>
}

const appendOnly = { sqlite: ["no_update", "no_delete", "no_replace"], postgres: ["append_only", "no_truncate"] } as const
/** The journey's logbook and entries: no INSERT trigger on SQLite (see the migration), the DELETE trigger refuses a REPLACE. */
const journey = { sqlite: ["no_update", "no_delete"], postgres: ["append_only", "no_truncate"] } as const
const kept = { sqlite: ["no_delete"], postgres: ["no_delete", "no_truncate"] } as const

/**
 * The books' tables and their triggers: the suffixes of their names on each engine
 * (`fund_movement_no_update`), and any trigger of their own (the same name on both).
 */
export const guarded: ReadonlyArray<
  readonly [table: string, triggers: { readonly sqlite: ReadonlyArray<string>; readonly postgres: ReadonlyArray<string> }, own?: string]
> = [
  ["fund_movement", appendOnly],
  ["fund_posting", appendOnly],
  ["fund_entry", appendOnly],
  ["journey_logbook", journey],
  ["journey_entry", journey],
  ["audit_entry", appendOnly],
  ["fund_request", kept, "fund_request_transition"],
  ["fund_receipt", kept, "fund_receipt_reversal"],
  ["fund_balance", kept, "fund_balance_only_adds"],
  ["fund_pledge", kept],
  ["fund_contributor", kept],
  ["fund_settings", kept],
  ["fund_settings_change", kept]
]

type Row = Record<string, unknown>

/** The rows of a chain, checked in order; a break is reported once, and the chain goes on from the row's stored hash. */
const walk = (
  table: ChainEnd["table"],
  rows: ReadonlyArray<{ readonly id: string; readonly position: number; readonly prev: unknown; readonly hash: unknown; readonly text: string }>,
  findings: Array<Finding>
): ChainEnd => {
  let expected = Chain.genesis
  for (const row of rows) {
    const prev = row.prev === null ? null : String(row.prev)
    if (prev !== expected || row.hash !== Chain.link(expected, row.text)) findings.push({ _tag: "ChainBroken", table, id: row.id, position: row.position })
    expected = row.hash === null ? expected : String(row.hash)
  }
  return { table, rows: rows.length, last: expected }
}

const movementChain = (rows: ReadonlyArray<Row>, findings: Array<Finding>): ChainEnd => {
  const movements: Array<{ id: string; position: number; prev: unknown; hash: unknown; text: string }> = []
  for (let i = 0; i < rows.length; ) {
    const first = rows[i]!
    const postings: Array<readonly [unknown, unknown, unknown, unknown]> = []
    for (; i < rows.length && rows[i]!["position"] === first["position"]; i++) {
      const p = rows[i]!
      if (p["line"] !== null) postings.push([p["line"], p["account"], p["side"], p["amount"]])
    }
    movements.push({
      id: String(first["id"]),
      position: Number(first["position"]),
      prev: first["prev_hash"],
      hash: first["hash"],
      text: Chain.movementText([first["id"], first["kind"], first["reverses"], first["at"]], postings)
    })
  }
  return walk("fund_movement", movements, findings)
}

const logbookChain = (rows: ReadonlyArray<Row>, findings: Array<Finding>): ChainEnd =>
  walk(
    "journey_logbook",
    rows.map((r) => ({
      id: String(r["id"]),
      position: Number(r["position"]),
      prev: r["prev_hash"],
      hash: r["hash"],
      text: Chain.text(Chain.logbookColumns.map((c) => r[c]))
    })),
    findings
  )

const balances = (stored: ReadonlyArray<Row>, sums: ReadonlyArray<Row>, findings: Array<Finding>) => {
  const totals = new Map<string, { stored: { debits: number; credits: number }; postings: { debits: number; credits: number } }>()
  const of = (account: string) => {
    let t = totals.get(account)
    if (t === undefined) totals.set(account, (t = { stored: { debits: 0, credits: 0 }, postings: { debits: 0, credits: 0 } }))
    return t
  }
  for (const r of stored) of(String(r["account"])).stored = { debits: Number(r["debits"]), credits: Number(r["credits"]) }
  for (const r of sums) {
    const t = of(String(r["account"])).postings
    if (r["side"] === "debit") t.debits += Number(r["total"])
    else t.credits += Number(r["total"])
  }
  for (const [account, t] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (t.stored.debits !== t.postings.debits || t.stored.credits !== t.postings.credits) findings.push({ _tag: "BalanceMismatch", account, ...t })
  }
}

/** Which of its movements a request in each state has: reservation, payment, release. */
const movementsOf = (state: Row): readonly [boolean, boolean, boolean] => {
  switch (state["_tag"]) {
    case "reserved":
      return [true, false, false]
    case "paid":
      return [true, true, false]
    case "cancelled":
      return [true, false, true]
    case "rejected":
      return state["release"] === undefined ? [false, false, false] : [true, false, true]
    default:
      return [false, false, false]
  }
}

const requests = (rows: ReadonlyArray<Row>, movementIds: ReadonlySet<string>, logbook: ReadonlyArray<Row>, findings: Array<Finding>) => {
  const states = new Map<string, string>()
  const kinds = ["reservation", "payment", "release"] as const
  for (const r of rows) {
    const id = String(r["id"])
    const state = String(r["state"])
    states.set(id, state)
    const recorded = (JSON.parse(String(r["record"])) as { state: Row }).state
    const mismatch = (reason: RequestReason) => findings.push({ _tag: "RequestMismatch", request: id, state, reason })
    if (recorded["_tag"] !== state) mismatch("stateColumn")
    const wanted = movementsOf(recorded)
    kinds.forEach((kind, i) => {
      const has = movementIds.has(`${id}:${kind}`)
      if (has !== wanted[i]) mismatch(`${has ? "unexpected" : "missing"}${kind[0]!.toUpperCase()}${kind.slice(1)}` as RequestReason)
    })
  }
  for (const movement of [...movementIds].sort()) {
    const match = /^(R-\d+):(reservation|payment|release)$/.exec(movement)
    if (match !== null && !states.has(match[1]!)) findings.push({ _tag: "RequestMismatch", request: match[1]!, state: "none", reason: "noRequest" })
  }
  for (const e of logbook) {
    if (e["fund_request"] === null || e["reverses"] !== null) continue
    const request = String(e["fund_request"])
    if (states.get(request) !== "paid") findings.push({ _tag: "RequestMismatch", request, state: states.get(request) ?? "none", reason: "logbookNotPaid" })
  }
}

const receipts = (rows: ReadonlyArray<Row>, movementIds: ReadonlySet<string>, findings: Array<Finding>) => {
  for (const r of rows) {
    const receipt = String(r["id"])
    const record = JSON.parse(String(r["record"])) as { movement: string; reversal?: { movement: string } }
    const mismatch = (reason: Extract<Finding, { _tag: "ReceiptMismatch" }>["reason"]) => findings.push({ _tag: "ReceiptMismatch", receipt, reason })
    if (!movementIds.has(record.movement)) mismatch("missingReceipt")
    if (record.reversal !== undefined && !movementIds.has(record.reversal.movement)) mismatch("missingReversal")
    if (record.reversal === undefined && movementIds.has(`${receipt}:reversal`)) mismatch("unexpectedReversal")
  }
}

/** JSON with its keys in order, so that two encodings of one value compare equal. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : value !== null && typeof value === "object"
      ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Row)[k])}`).join(",")}}`
      : JSON.stringify(value)

const settings = (stored: Row | undefined, configured: Row | undefined, findings: Array<Finding>) => {
  if (stored === undefined) return
  if (configured === undefined) return void findings.push({ _tag: "SettingsMismatch", reason: "notConfigured" })
  if (canonical(JSON.parse(String(stored["settings"]))) !== canonical(JSON.parse(String(configured["result"])))) {
    findings.push({ _tag: "SettingsMismatch", reason: "changed" })
  }
}

const triggers = (engine: Database.Engine, present: ReadonlyArray<Row>, findings: Array<Finding>) => {
  const found = new Map(present.map((r) => [String(r["name"]), String(r["enabled"])]))
  for (const [table, suffixes, own] of guarded) {
    for (const trigger of [...suffixes[engine].map((s) => `${table}_${s}`), ...(own === undefined ? [] : [own])]) {
      const enabled = found.get(trigger)
      if (enabled === undefined) findings.push({ _tag: "TriggerMissing", table, trigger, reason: "missing" })
      else if (engine === "postgres" && enabled !== "A") findings.push({ _tag: "TriggerMissing", table, trigger, reason: "notAlways" })
    }
  }
}

/**
 * Checks the books of the database (at the latest schema) and reports what it found, and
 * where each chain ends.
 *
 * @example const { findings } = yield* Verify.verify // [] when the books are as written
 */
export const verify: Effect.Effect<Report, never, Database.Database> = Effect.flatMap(Database.Database, (database) =>
  database.read(async (db) => {
    const all = async (query: ReturnType<typeof sql.raw>) => (await query.execute(db)).rows as ReadonlyArray<Row>
    const movements = await all(sql.raw(`select m.position, m.id, m.kind, m.reverses, m.at, m.prev_hash, m.hash, p.line, p.account, p.side, p.amount
      from fund_movement m left join fund_posting p on p.movement_id = m.id order by m.position, p.line`))
    const logbook = await all(sql.raw("select * from journey_logbook order by position"))
    const stored = await all(sql.raw("select account, debits, credits from fund_balance"))
    const sums = await all(sql.raw("select account, side, sum(amount) as total from fund_posting group by account, side"))
    const requestRows = await all(sql.raw("select id, state, record from fund_request order by number"))
    const receiptRows = await all(sql.raw("select id, record from fund_receipt order by number"))
    const settingsRow = (await all(sql.raw("select settings from fund_settings where id = 1")))[0]
    const configured = (await all(sql.raw("select result from fund_entry where command = 'configure' order by position desc limit 1")))[0]
    const present = await all(
      database.engine === "sqlite"
        ? sql.raw("select name, 'A' as enabled from sqlite_master where type = 'trigger'")
        : sql.raw(`select t.tgname as name, t.tgenabled as enabled from pg_trigger t join pg_class c on c.oid = t.tgrelid
            join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and not t.tgisinternal`)
    )
    const findings: Array<Finding> = []
    const chains = [movementChain(movements, findings), logbookChain(logbook, findings)]
    balances(stored, sums, findings)
    const movementIds = new Set(movements.map((m) => String(m["id"])))
    requests(requestRows, movementIds, logbook, findings)
    receipts(receiptRows, movementIds, findings)
    settings(settingsRow, configured, findings)
    triggers(database.engine, present, findings)
    return { findings, chains }
  }))
