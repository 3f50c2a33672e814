/**
 * The port of the fund's books: contributors, the fund's settings, requests, receipts,
 * pledges, the append-only ledger and the idempotency record of every command from outside. Every write happens inside
 * `transact`, which is what lets a command check the books and write to them as one step
 * that no other command can slip between. Adapters live in `@phungpao/db`; `FundMemory`
 * is the fake. Infrastructure failures are defects; only domain failures are typed.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Contributor from "./Contributor.js"
import type * as FundRequest from "./FundRequest.js"
import type * as Idempotency from "../kernel/Idempotency.js"
import type * as Ledger from "./Ledger.js"
import type * as Logbook from "../journey/Logbook.js"
import type * as Pledge from "./Pledge.js"
import type * as Pool from "./Pool.js"
import type * as Receipt from "./Receipt.js"
import type * as SettingsChange from "./SettingsChange.js"

/** The numbered things: `next` gives 1, 2, 3, … for each (gaps allowed, never a repeat). */
export type Sequence = "request" | "receipt" | "pledge" | "settingsChange"

/**
 * What a command may read and write inside one transaction. Reads see the transaction's
 * own writes. Nothing written is visible outside until the transaction commits, and
 * nothing is written at all if it fails.
 */
export interface Transaction {
  /** The command recorded under an idempotency key, if any. */
  readonly entry: (key: Idempotency.Key) => Effect.Effect<Option.Option<Idempotency.Entry>>
  readonly record: (entry: Idempotency.Entry) => Effect.Effect<void>
  readonly next: (sequence: Sequence) => Effect.Effect<number>
  readonly request: (id: FundRequest.RequestId) => Effect.Effect<Option.Option<FundRequest.Request>>
  /** Every request for a household, any state and year: the cap is worked out from them. */
  readonly household: (houseCode: string) => Effect.Effect<ReadonlyArray<FundRequest.Request>>
  /** Stores a request, new or in a new state, by id. */
  readonly putRequest: (request: FundRequest.Request) => Effect.Effect<void>
  readonly receipt: (id: Receipt.ReceiptId) => Effect.Effect<Option.Option<Receipt.Receipt>>
  readonly putReceipt: (receipt: Receipt.Receipt) => Effect.Effect<void>
  /** The receipts, reversed or not, whose bank reference is this one once normalised (`Receipt.referenceKey`). */
  readonly receiptsByReference: (bankReference: string) => Effect.Effect<ReadonlyArray<Receipt.Receipt>>
  readonly pledge: (id: Pledge.PledgeId) => Effect.Effect<Option.Option<Pledge.Pledge>>
  readonly putPledge: (pledge: Pledge.Pledge) => Effect.Effect<void>
  readonly contributor: (id: Contributor.ContributorId) => Effect.Effect<Option.Option<Contributor.Contributor>>
  /** Stores a contributor, new or with new details, by id. */
  readonly putContributor: (contributor: Contributor.Contributor) => Effect.Effect<void>
  /** The fund's settings as last configured; none before the fund is first configured. */
  readonly settings: () => Effect.Effect<Option.Option<FundRequest.Settings>>
  readonly putSettings: (settings: FundRequest.Settings) => Effect.Effect<void>
  readonly settingsChange: (id: SettingsChange.ChangeId) => Effect.Effect<Option.Option<SettingsChange.Change>>
  /** Every change of the settings (the first settings included), in the order proposed. */
  readonly settingsChanges: () => Effect.Effect<ReadonlyArray<SettingsChange.Change>>
  /** Stores a change of the settings, new or in a new state, by id. */
  readonly putSettingsChange: (change: SettingsChange.Change) => Effect.Effect<void>
  /** A pool's balance as the ledger has it, this transaction's movements included. */
  readonly pool: (pool: Pool.Pool) => Effect.Effect<Ledger.PoolBalance>
  /** The stored totals of these accounts, this transaction's movements included (an account never posted to may be left out). */
  readonly totals: (accounts: ReadonlyArray<Ledger.Account>) => Effect.Effect<ReadonlyArray<Ledger.AccountTotal>>
  /** Appends a balanced movement; an unbalanced one or a repeated id is a defect. */
  readonly append: (movement: Ledger.Movement) => Effect.Effect<void>
  /**
   * Appends the household's logbook entry for a payment (budget source "fund"), in this
   * transaction: the payment and its entry are kept together or not at all. A SQL adapter
   * writes it into the journey's logbook; a repeated entry id is a defect.
   */
  readonly log: (entry: Logbook.Entry) => Effect.Effect<void>
}

export class FundStore extends Context.Tag("@phungpao/domain/FundStore")<
  FundStore,
  {
    /**
     * Runs `f` as one transaction, serialised with every other `transact` of the fund:
     * what `f` read is still true when its writes commit, so two approvals racing for the
     * last money of a pool cannot both reserve it. If `f` fails (or dies, or is
     * interrupted) nothing it wrote is kept, and its failure is passed on.
     *
     * A SQL adapter runs `f` between BEGIN and COMMIT on one connection holding the fund's
     * write lock from the start (SQLite `BEGIN IMMEDIATE`; PostgreSQL
     * `pg_advisory_xact_lock` on the fund, or SERIALIZABLE retried on conflict), with
     * unique keys on the idempotency key and the movement id as a second line.
     */
    readonly transact: <A, E>(f: (tx: Transaction) => Effect.Effect<A, E>) => Effect.Effect<A, E>
    /** Balances as stored (kept up to date on append); they must equal `Ledger.balances` of all postings. */
    readonly balances: () => Effect.Effect<Ledger.Balances>
    /** Every movement in the order appended. */
    readonly movements: () => Effect.Effect<ReadonlyArray<Ledger.Movement>>
    /** Requests in the order they were made. */
    readonly requests: () => Effect.Effect<ReadonlyArray<FundRequest.Request>>
    readonly receipts: () => Effect.Effect<ReadonlyArray<Receipt.Receipt>>
    readonly pledges: () => Effect.Effect<ReadonlyArray<Pledge.Pledge>>
    /** Contributors in the order first added. */
    readonly contributors: () => Effect.Effect<ReadonlyArray<Contributor.Contributor>>
    /** The fund's settings as last configured, if ever. */
    readonly settings: () => Effect.Effect<Option.Option<FundRequest.Settings>>
    /** Every change of the settings, proposed or applied, in the order proposed. */
    readonly settingsChanges: () => Effect.Effect<ReadonlyArray<SettingsChange.Change>>
    /** The logbook entries the fund's payments wrote, in the order written. */
    readonly logbook: () => Effect.Effect<ReadonlyArray<Logbook.Entry>>
    /** Every command recorded under an idempotency key, in the order recorded. */
    readonly entries: () => Effect.Effect<ReadonlyArray<Idempotency.Entry>>
  }
>() {}
