/**
 * The in-memory fake of the fund's books, for tests of the use cases and apps, and the
 * reference the database adapters' contract suite is checked against. Transactions run
 * one at a time under a lock; their writes go to a draft that is merged in one
 * synchronous step on success and dropped on failure.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Contributor from "./Contributor.js"
import { FundStore, type Sequence, type Transaction } from "./FundStore.js"
import type * as FundRequest from "./FundRequest.js"
import type * as Idempotency from "../kernel/Idempotency.js"
import * as Ledger from "./Ledger.js"
import type * as Logbook from "../journey/Logbook.js"
import type * as Pledge from "./Pledge.js"
import type * as Pool from "./Pool.js"
import * as Receipt from "./Receipt.js"
import type * as Satang from "../kernel/Satang.js"
import type * as SettingsChange from "./SettingsChange.js"

interface Books {
  readonly entries: Map<string, Idempotency.Entry>
  readonly sequences: Map<Sequence, number>
  readonly requests: Map<string, FundRequest.Request>
  readonly receipts: Map<string, Receipt.Receipt>
  readonly pledges: Map<string, Pledge.Pledge>
  readonly contributors: Map<string, Contributor.Contributor>
  /** Under the one key "settings", when configured. */
  readonly settings: Map<string, FundRequest.Settings>
  readonly settingsChanges: Map<string, SettingsChange.Change>
  readonly movements: Array<Ledger.Movement>
  readonly movementIds: Set<string>
  /** The logbook entries payments wrote, by id. */
  readonly logbook: Map<string, Logbook.Entry>
  /** The stored balances: account totals kept up to date on every append. */
  readonly totals: Map<string, Ledger.AccountTotal>
}

const emptyBooks = (): Books => ({
  entries: new Map(),
  sequences: new Map(),
  requests: new Map(),
  receipts: new Map(),
  pledges: new Map(),
  contributors: new Map(),
  settings: new Map(),
  settingsChanges: new Map(),
  movements: [],
  movementIds: new Set(),
  logbook: new Map(),
  totals: new Map()
})

const merge = <K, V>(into: Map<K, V>, from: ReadonlyMap<K, V>) => {
  for (const [k, v] of from) into.set(k, v)
}

const commit = (books: Books, draft: Books) => {
  merge(books.entries, draft.entries)
  merge(books.sequences, draft.sequences)
  merge(books.requests, draft.requests)
  merge(books.receipts, draft.receipts)
  merge(books.pledges, draft.pledges)
  merge(books.contributors, draft.contributors)
  merge(books.settings, draft.settings)
  merge(books.settingsChanges, draft.settingsChanges)
  merge(books.totals, draft.totals)
  books.movements.push(...draft.movements)
  for (const id of draft.movementIds) books.movementIds.add(id)
  merge(books.logbook, draft.logbook)
}

// Every read yields to other fibers first, as a database round trip would: a use case
// that wrote outside `transact`, or a fake that forgot its lock, shows up in the tests.
const read = <A>(f: () => A): Effect.Effect<A> => Effect.zipRight(Effect.yieldNow(), Effect.sync(f))

const byNumber = (a: SettingsChange.Change, b: SettingsChange.Change) => Number(a.id.slice(2)) - Number(b.id.slice(2))

const transaction = (books: Books, draft: Books): Transaction => {
  const get = <V>(key: string, drafted: ReadonlyMap<string, V>, committed: ReadonlyMap<string, V>) =>
    Option.fromNullable(drafted.get(key) ?? committed.get(key))
  const total = (account: Ledger.Account): Ledger.AccountTotal => {
    const k = Ledger.accountKey(account)
    return draft.totals.get(k) ?? books.totals.get(k) ?? { account, debits: 0 as Satang.Satang, credits: 0 as Satang.Satang }
  }
  return {
    entry: (key) => read(() => get(key, draft.entries, books.entries)),
    record: (entry) => Effect.sync(() => void draft.entries.set(entry.key, entry)),
    next: (sequence) =>
      read(() => {
        const n = (draft.sequences.get(sequence) ?? books.sequences.get(sequence) ?? 0) + 1
        draft.sequences.set(sequence, n)
        return n
      }),
    request: (id) => read(() => get(id, draft.requests, books.requests)),
    household: (houseCode) =>
      read(() => {
        const all = new Map([...books.requests, ...draft.requests])
        return [...all.values()].filter((r) => r.houseCode === houseCode)
      }),
    putRequest: (request) => Effect.sync(() => void draft.requests.set(request.id, request)),
    receipt: (id) => read(() => get(id, draft.receipts, books.receipts)),
    putReceipt: (receipt) => Effect.sync(() => void draft.receipts.set(receipt.id, receipt)),
    receiptsByReference: (bankReference) =>
      read(() => {
        const k = Receipt.referenceKey(bankReference)
        return [...new Map([...books.receipts, ...draft.receipts]).values()].filter((r) => Receipt.referenceKey(r.bankReference) === k)
      }),
    pledge: (id) => read(() => get(id, draft.pledges, books.pledges)),
    putPledge: (pledge) => Effect.sync(() => void draft.pledges.set(pledge.id, pledge)),
    contributor: (id) => read(() => get(id, draft.contributors, books.contributors)),
    putContributor: (contributor) => Effect.sync(() => void draft.contributors.set(contributor.id, contributor)),
    settings: () => read(() => get("settings", draft.settings, books.settings)),
    putSettings: (settings) => Effect.sync(() => void draft.settings.set("settings", settings)),
    settingsChange: (id) => read(() => get(id, draft.settingsChanges, books.settingsChanges)),
    settingsChanges: () => read(() => [...new Map([...books.settingsChanges, ...draft.settingsChanges]).values()].sort(byNumber)),
    putSettingsChange: (change) => Effect.sync(() => void draft.settingsChanges.set(change.id, change)),
    pool: (pool: Pool.Pool) =>
      read(() =>
        Ledger.poolBalance(Ledger.report([total(Ledger.available(pool)), total(Ledger.reserved(pool)), total(Ledger.paidOut(pool))]), pool)
      ),
    totals: (accounts) => read(() => accounts.map(total)),
    append: (movement) =>
      Effect.suspend(() => {
        if (!Ledger.balanced(movement)) return Effect.dieMessage(`unbalanced movement ${movement.id}`)
        if (books.movementIds.has(movement.id) || draft.movementIds.has(movement.id)) {
          return Effect.dieMessage(`movement ${movement.id} appended twice`)
        }
        draft.movements.push(movement)
        draft.movementIds.add(movement.id)
        for (const { account, debits, credits } of Ledger.totals(movement.postings)) {
          const before = total(account)
          draft.totals.set(Ledger.accountKey(account), {
            account,
            debits: (before.debits + debits) as Satang.Satang,
            credits: (before.credits + credits) as Satang.Satang
          })
        }
        return Effect.void
      }),
    log: (entry) =>
      Effect.suspend(() =>
        books.logbook.has(entry.id) || draft.logbook.has(entry.id)
          ? Effect.dieMessage(`logbook entry ${entry.id} written twice`)
          : Effect.sync(() => void draft.logbook.set(entry.id, entry))
      )
  }
}

/** The fund's books in plain maps, empty. */
export const layerMemory = Layer.effect(
  FundStore,
  Effect.gen(function* () {
    const books = emptyBooks()
    const lock = yield* Effect.makeSemaphore(1)
    return FundStore.of({
      transact: (f) =>
        lock.withPermits(1)(
          Effect.suspend(() => {
            const draft = emptyBooks()
            return Effect.tap(f(transaction(books, draft)), () => Effect.sync(() => commit(books, draft)))
          })
        ),
      balances: () => Effect.sync(() => Ledger.report(books.totals.values())),
      movements: () => Effect.sync(() => [...books.movements]),
      logbook: () => Effect.sync(() => [...books.logbook.values()]),
      requests: () => Effect.sync(() => [...books.requests.values()]),
      receipts: () => Effect.sync(() => [...books.receipts.values()]),
      pledges: () => Effect.sync(() => [...books.pledges.values()]),
      contributors: () => Effect.sync(() => [...books.contributors.values()]),
      settings: () => Effect.sync(() => Option.fromNullable(books.settings.get("settings"))),
      settingsChanges: () => Effect.sync(() => [...books.settingsChanges.values()].sort(byNumber)),
      entries: () => Effect.sync(() => [...books.entries.values()])
    })
  })
)
