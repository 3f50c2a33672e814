/**
 * The fund's double-entry ledger in integer satang: movements are balanced sets of
 * postings between accounts, appended and never changed; a correction is a reversing
 * movement that points at what it reverses. Every balance is derived from postings alone.
 *
 * The accounts are two sides of one equation, which every balanced movement keeps:
 *
 *     bank + disbursed = Σ over pools (available + reserved + paidOut)
 *
 * Debit side: `bank`, the money the bank account holds, and `disbursed`, the money that
 * has left it for households. Credit side, for each pool: every satang received into the
 * pool sits in exactly one stage, `available` (free for requests), `reserved` (held for
 * approved unpaid requests) or `paidOut` (spent). A payment turns reserved into paid out
 * on the pool's side and moves money from the bank to disbursed on the other, so the
 * bank's balance stays what the bank statement says.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Pool from "./Pool.js"
import * as Satang from "../kernel/Satang.js"

/**
 * The bounds that keep every sum exact (see docs/fund.md): one amount is at most 10^12
 * satang (10,000,000,000 baht); no account's balance may go past 10^14 satang either way,
 * nor its debits or its credits, added up over all time, past 10^15 (`Satang.maxAbs`). A
 * movement that would break one is refused with `OverLimit` (`within`).
 */
export const maxAmount = 1_000_000_000_000
/** The most an account may hold, either way: 10^14 satang (1,000,000,000,000 baht). */
export const maxBalance = 100_000_000_000_000

/** An amount that moves: a positive whole number of satang, at most `maxAmount`. */
export const Amount = Satang.Satang.pipe(
  Schema.positive({ identifier: "Amount", description: "more than 0 satang" }),
  Schema.lessThanOrEqualTo(maxAmount, { description: "at most 10^12 satang (10,000,000,000 baht)" })
)

/** When a movement was recorded: an ISO 8601 UTC timestamp. */
export const Timestamp = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/, {
    identifier: "Timestamp",
    description: "an ISO 8601 UTC timestamp, e.g. 2022-01-05T03:00:00.000Z"
  })
)

export const Account = Schema.Union(
  Schema.TaggedStruct("bank", {}),
  Schema.TaggedStruct("disbursed", {}),
  Schema.TaggedStruct("available", { pool: Pool.Pool }),
  Schema.TaggedStruct("reserved", { pool: Pool.Pool }),
  Schema.TaggedStruct("paidOut", { pool: Pool.Pool })
).annotations({ identifier: "Account" })
export type Account = typeof Account.Type

export const bank: Account = { _tag: "bank" }
export const disbursed: Account = { _tag: "disbursed" }
export const available = (pool: Pool.Pool): Account => ({ _tag: "available", pool })
export const reserved = (pool: Pool.Pool): Account => ({ _tag: "reserved", pool })
export const paidOut = (pool: Pool.Pool): Account => ({ _tag: "paidOut", pool })

/**
 * The account's name as one string, for map keys and database columns.
 *
 * @example accountKey(reserved({ area: "3301" })) // "reserved/area=3301"
 */
export const accountKey = (account: Account): string =>
  account._tag === "bank" || account._tag === "disbursed" ? account._tag : `${account._tag}/${Pool.key(account.pool)}`

/** The side on which an account grows: the two money accounts are debits, the pool stages credits. */
export const normalSide = (account: Account): Side =>
  account._tag === "bank" || account._tag === "disbursed" ? "debit" : "credit"

export const Side = Schema.Literal("debit", "credit")
export type Side = typeof Side.Type

export const Posting = Schema.Struct({
  account: Account,
  side: Side,
  amount: Amount
}).annotations({ identifier: "Posting" })
export type Posting = typeof Posting.Type

export const MovementId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("MovementId"))
export type MovementId = typeof MovementId.Type

export const Kind = Schema.Literal("receipt", "reservation", "release", "payment", "reversal")
export type Kind = typeof Kind.Type

/**
 * The id of the movement of a kind made for a receipt or a request. A receipt or a request
 * has at most one movement of each kind, so the id is unique by construction and a
 * database's primary key refuses a second payment of the same request.
 *
 * @example movementId("R-7", "payment") // "R-7:payment"
 */
export const movementId = (subject: string, kind: Kind): MovementId => `${subject}:${kind}` as MovementId

export const Movement = Schema.Struct({
  id: MovementId,
  kind: Kind,
  /** The movement this one reverses (reversals only). */
  reverses: Schema.optionalWith(MovementId, { exact: true }),
  at: Timestamp,
  postings: Schema.Array(Posting)
}).annotations({ identifier: "Movement" })
export type Movement = typeof Movement.Type

/** A movement whose debits and credits differ, or that moves nothing. */
export class Unbalanced extends Schema.TaggedError<Unbalanced>()("Unbalanced", {
  movementId: Schema.String,
  debits: Satang.Satang,
  credits: Satang.Satang
}) {
  override get message(): string {
    return `movement ${this.movementId} is unbalanced: debits ${Satang.format(this.debits, "en")}, credits ${Satang.format(this.credits, "en")}`
  }
}

/** Taking money a pool does not have: the movement would leave `available` below zero. */
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>()("InsufficientFunds", {
  movementId: Schema.String,
  pool: Schema.String,
  available: Satang.Satang,
  amount: Satang.Satang
}) {
  override get message(): string {
    return `pool ${this.pool} has ${Satang.format(this.available, "en")} available, ${this.movementId} needs ${Satang.format(this.amount, "en")}`
  }
}

/**
 * A movement that would take an account past a bound: its balance past `maxBalance`
 * either way, or its debits or credits over all time past `Satang.maxAbs`.
 */
export class OverLimit extends Schema.TaggedError<OverLimit>()("OverLimit", {
  movementId: Schema.String,
  account: Schema.String,
  limit: Schema.Number
}) {
  override get message(): string {
    return `movement ${this.movementId} would take account ${this.account} past ${Satang.format(this.limit as Satang.Satang)}`
  }
}

const sum = (postings: ReadonlyArray<Posting>, side: Side): Satang.Satang =>
  postings.reduce((total, p) => (p.side === side ? total + p.amount : total), 0) as Satang.Satang

/**
 * Whether a movement moves something and its debits equal its credits, every amount a
 * positive whole number of satang.
 *
 * @example balanced(receipt("RC-1", {}, 100, at)) // true
 */
export const balanced = (movement: Movement): boolean =>
  movement.postings.length > 0 &&
  movement.postings.every((p) => Number.isSafeInteger(p.amount) && p.amount > 0 && p.amount <= maxAmount) &&
  sum(movement.postings, "debit") === sum(movement.postings, "credit")

/** The movement, or why it may not be written. */
export const check = (movement: Movement): Either.Either<Movement, Unbalanced> =>
  balanced(movement)
    ? Either.right(movement)
    : Either.left(new Unbalanced({ movementId: movement.id, debits: sum(movement.postings, "debit"), credits: sum(movement.postings, "credit") }))

const pair = (debit: Account, credit: Account, amount: Satang.Satang): ReadonlyArray<Posting> => [
  { account: debit, side: "debit", amount },
  { account: credit, side: "credit", amount }
]

/** Money arriving in the bank for a pool. */
export const receipt = (id: MovementId, pool: Pool.Pool, amount: Satang.Satang, at: string): Movement => ({
  id,
  kind: "receipt",
  at,
  postings: pair(bank, available(pool), amount)
})

/** Holding part of a pool's available money for an approved request. */
export const reservation = (id: MovementId, pool: Pool.Pool, amount: Satang.Satang, at: string): Movement => ({
  id,
  kind: "reservation",
  at,
  postings: pair(available(pool), reserved(pool), amount)
})

/** Giving a reservation back to the pool's available money (a cancelled or rejected request). */
export const release = (id: MovementId, pool: Pool.Pool, amount: Satang.Satang, at: string): Movement => ({
  id,
  kind: "release",
  at,
  postings: pair(reserved(pool), available(pool), amount)
})

/** Paying a reserved amount out of the bank: the reservation becomes spending. */
export const payment = (id: MovementId, pool: Pool.Pool, amount: Satang.Satang, at: string): Movement => ({
  id,
  kind: "payment",
  at,
  postings: [...pair(reserved(pool), paidOut(pool), amount), ...pair(disbursed, bank, amount)]
})

/**
 * The movement that undoes `movement`: the same postings on the opposite sides, pointing
 * at what it reverses. Together they net to zero on every account.
 *
 * @example reverse(receipt("RC-1", {}, 100, t0), "RC-1:reversal", t1).postings[0] // { account: bank, side: "credit", amount: 100 }
 */
export const reverse = (movement: Movement, id: MovementId, at: string): Movement => ({
  id,
  kind: "reversal",
  reverses: movement.id,
  at,
  postings: movement.postings.map((p) => ({ ...p, side: p.side === "debit" ? "credit" : "debit" }))
})

/** An account's debits and credits summed: what a database returns from `GROUP BY account`. */
export interface AccountTotal {
  readonly account: Account
  readonly debits: Satang.Satang
  readonly credits: Satang.Satang
}

/** Sums postings per account. */
export const totals = (postings: Iterable<Posting>): ReadonlyArray<AccountTotal> => {
  const byKey = new Map<string, AccountTotal>()
  for (const p of postings) {
    const k = accountKey(p.account)
    const before = byKey.get(k)
    const debits = (before?.debits ?? 0) + (p.side === "debit" ? p.amount : 0)
    const credits = (before?.credits ?? 0) + (p.side === "credit" ? p.amount : 0)
    byKey.set(k, { account: p.account, debits: debits as Satang.Satang, credits: credits as Satang.Satang })
  }
  return [...byKey.values()]
}

/**
 * The movement, or `OverLimit` when it would take one of its accounts past a bound.
 * `before` holds the totals of the movement's accounts before it (an account missing
 * from it has none yet).
 *
 * @example within([], receipt("RC-1", {}, 500, at)) // Right(movement)
 */
export const within = (before: Iterable<AccountTotal>, movement: Movement): Either.Either<Movement, OverLimit> => {
  const now = new Map<string, AccountTotal>()
  for (const t of before) now.set(accountKey(t.account), t)
  for (const t of totals(movement.postings)) {
    const k = accountKey(t.account)
    const was = now.get(k)
    const debits = (was?.debits ?? 0) + t.debits
    const credits = (was?.credits ?? 0) + t.credits
    if (debits > Satang.maxAbs || credits > Satang.maxAbs) {
      return Either.left(new OverLimit({ movementId: movement.id, account: k, limit: Satang.maxAbs }))
    }
    if (Math.abs(debits - credits) > maxBalance) return Either.left(new OverLimit({ movementId: movement.id, account: k, limit: maxBalance }))
  }
  return Either.right(movement)
}

/** The accounts a movement posts to, each once. */
export const accountsOf = (movement: Movement): ReadonlyArray<Account> => totals(movement.postings).map((t) => t.account)

export interface PoolBalance {
  readonly pool: Pool.Pool
  readonly available: Satang.Satang
  readonly reserved: Satang.Satang
  readonly spent: Satang.Satang
}

export interface Balances {
  /** What the bank account holds. */
  readonly bank: Satang.Satang
  /** What has left the bank for households, all pools together. */
  readonly disbursed: Satang.Satang
  /** Every pool that has ever had a posting, in pool-key order. */
  readonly pools: ReadonlyArray<PoolBalance>
}

/** The empty balance of a pool. */
export const emptyPool = (pool: Pool.Pool): PoolBalance => ({
  pool,
  available: 0 as Satang.Satang,
  reserved: 0 as Satang.Satang,
  spent: 0 as Satang.Satang
})

/**
 * Balances from account totals, each on its account's normal side. Totals may name an
 * account more than once (e.g. one row per stored page); they are added up.
 */
export const report = (accountTotals: Iterable<AccountTotal>): Balances => {
  let bankBalance = 0
  let disbursedBalance = 0
  const pools = new Map<string, { pool: Pool.Pool; available: number; reserved: number; spent: number }>()
  for (const { account, debits, credits } of accountTotals) {
    if (account._tag === "bank") bankBalance += debits - credits
    else if (account._tag === "disbursed") disbursedBalance += debits - credits
    else {
      const k = Pool.key(account.pool)
      const pool = pools.get(k) ?? { pool: account.pool, available: 0, reserved: 0, spent: 0 }
      pools.set(k, pool)
      const net = credits - debits
      if (account._tag === "available") pool.available += net
      else if (account._tag === "reserved") pool.reserved += net
      else pool.spent += net
    }
  }
  return {
    bank: bankBalance as Satang.Satang,
    disbursed: disbursedBalance as Satang.Satang,
    pools: [...pools].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p as PoolBalance)
  }
}

/**
 * Available, reserved and spent per pool and the bank's total, from postings alone.
 *
 * @example balances(receipt("RC-1", {}, 500, at).postings).bank // 500
 */
export const balances = (postings: Iterable<Posting>): Balances => report(totals(postings))

/** One pool's balance out of a report (all zero for a pool never posted to). */
export const poolBalance = (report: Balances, pool: Pool.Pool): PoolBalance => {
  const k = Pool.key(pool)
  return report.pools.find((p) => Pool.key(p.pool) === k) ?? emptyPool(pool)
}

/**
 * The movement, or `InsufficientFunds` when it would take its pool's available balance
 * below zero. `balance` is the pool's balance before the movement.
 *
 * @example cover({ ...emptyPool({}), available: 100 }, reservation("R-1:reservation", {}, 300, at)) // Left(InsufficientFunds)
 */
export const cover = (balance: PoolBalance, movement: Movement): Either.Either<Movement, InsufficientFunds> => {
  const k = Pool.key(balance.pool)
  let change = 0
  for (const p of movement.postings) {
    if (p.account._tag !== "available" || Pool.key(p.account.pool) !== k) continue
    change += p.side === "credit" ? p.amount : -p.amount
  }
  return balance.available + change >= 0
    ? Either.right(movement)
    : Either.left(
        new InsufficientFunds({
          movementId: movement.id,
          pool: k,
          available: balance.available,
          amount: -change as Satang.Satang
        })
      )
}
