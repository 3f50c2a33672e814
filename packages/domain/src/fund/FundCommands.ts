/**
 * The fund's commands from outside (its settings, contributors, receipts, pledges,
 * requests and their approval, rejection, payment and cancellation), each run as one transaction of the fund's books
 * under the caller's idempotency key: a replay returns the first result and writes
 * nothing, a key reused for other content is refused.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "../kernel/Actor.js"
import * as Access from "../kernel/Access.js"
import * as CitizenId from "../kernel/CitizenId.js"
import { NotFound, OutOfScope } from "../kernel/Access.js"
import type * as CalendarDate from "../kernel/CalendarDate.js"
import type * as BankStatement from "./BankStatement.js"
import * as Contributor from "./Contributor.js"
import * as FundReport from "./FundReport.js"
import * as FundRequest from "./FundRequest.js"
import { FundStore, type Transaction } from "./FundStore.js"
import * as Idempotency from "../kernel/Idempotency.js"
import * as Ledger from "./Ledger.js"
import * as Logbook from "../journey/Logbook.js"
import * as Pledge from "./Pledge.js"
import * as Receipt from "./Receipt.js"
import * as Reconciliation from "./Reconciliation.js"
import * as SettingsChange from "./SettingsChange.js"
import * as Registry from "../registry/Registry.js"

/** Shared by every context; kept here under the name it first had. */
export { OutOfScope }

/** A request, receipt, pledge or contributor named by a command does not exist (the kernel's one `NotFound`). */
export { NotFound }

/** The fund was never configured: no committee, quorum, treasurers or limits yet. */
export class NotConfigured extends Schema.TaggedError<NotConfigured>()("NotConfigured", {}) {
  override get message(): string {
    return "the fund has no settings yet (committee, quorum, treasurers, limits): configure it first"
  }
}

export const ReverseReceipt = Schema.Struct({ receipt: Receipt.ReceiptId, reason: Schema.NonEmptyTrimmedString })
export type ReverseReceipt = typeof ReverseReceipt.Type
export const Approve = Schema.Struct({ request: FundRequest.RequestId })
export type Approve = typeof Approve.Type
export const Reject = Schema.Struct({ request: FundRequest.RequestId, reason: Schema.NonEmptyTrimmedString })
export type Reject = typeof Reject.Type
export const Pay = Schema.Struct({
  request: FundRequest.RequestId,
  ...FundRequest.Payment.fields,
  /** What the household's logbook entry calls the help (default cash). */
  kind: Schema.optionalWith(Logbook.Kind, { exact: true }),
  /** Indicator numbers of the household's problems the money addresses. */
  problems: Schema.optionalWith(Schema.Array(Schema.Int), { exact: true })
})
export type Pay = typeof Pay.Type
export const Cancel = Schema.Struct({ request: FundRequest.RequestId })
export type Cancel = typeof Cancel.Type

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

// Thailand keeps UTC+7 all year: a request at 20:00 UTC on 30 September is dated
// 1 October there, and counts in the next fiscal year.
const thaiDate = (timestamp: string): CalendarDate.IsoDate =>
  new Date(Date.parse(timestamp) + 7 * 3_600_000).toISOString().slice(0, 10) as CalendarDate.IsoDate

/**
 * Runs `body` once per idempotency key: the key's first run records its result, encoded
 * by `result` so an adapter can keep it as JSON; a replay with the same content decodes
 * and returns it. The content is the command, the actor and the input. The actor's role
 * is checked against `Access.table` before the body runs (a key reused for other content
 * is refused as such first, whoever sends it).
 */
const once = <A, I, E>(
  command: Idempotency.Command,
  actor: Actor.Actor,
  key: Idempotency.Key,
  input: unknown,
  result: Schema.Schema<A, I>,
  body: (tx: Transaction, at: string) => Effect.Effect<A, E>
): Effect.Effect<A, E | Access.NotPermitted | Idempotency.KeyReused, FundStore> =>
  Effect.gen(function* () {
    const store = yield* FundStore
    const at = yield* now
    const hash = Idempotency.hash({ command, actor: actor.id, input })
    const permitted = Access.check(actor, command === "configure" ? "configureFund" : command)
    return yield* store.transact((tx) =>
      Idempotency.once(tx, { key, command, hash, at }, result, Effect.zipRight(permitted, Effect.suspend(() => body(tx, at)))))
  })

/** The fund's settings as the transaction sees them: a command follows the rules in force when it commits. */
const configured = (read: Effect.Effect<Option.Option<FundRequest.Settings>>) =>
  Effect.flatMap(read, Option.match({ onNone: () => Effect.fail(new NotConfigured()), onSome: Effect.succeed }))
const settingsIn = (tx: Transaction) => configured(tx.settings())

const found = <A>(what: NotFound["what"], id: string, value: Option.Option<A>) =>
  Option.match(value, { onNone: () => Effect.fail(new NotFound({ what, id })), onSome: Effect.succeed })

/**
 * The movement, unless it would take one of its accounts past the ledger's bounds
 * (`OverLimit`). Checked before the command writes anything, so a read does not have to
 * wait for its writes.
 */
const bounded = (tx: Transaction, movement: Ledger.Movement) =>
  Effect.flatMap(tx.totals(Ledger.accountsOf(movement)), (before) => Ledger.within(before, movement))

const apply = (tx: Transaction, transition: FundRequest.Transition) =>
  Effect.gen(function* () {
    for (const movement of transition.movements) yield* bounded(tx, movement)
    yield* tx.putRequest(transition.request)
    for (const movement of transition.movements) yield* tx.append(movement)
    return transition.request
  })

const treasurer = (settings: FundRequest.Settings, actor: Actor.Actor, action: FundRequest.Action) =>
  settings.treasurers.includes(actor.id)
    ? Effect.void
    : Effect.fail(new FundRequest.NotPermitted({ actorId: actor.id, action }))

/**
 * Records money that arrived in the bank (a treasurer's entry): the receipt and its
 * movement into its pool. A contributor or pledge it names must exist; its bank reference
 * must not have been booked before (`DuplicateReference`).
 *
 * @example FundCommands.recordReceipt(treasurer, key, { bankReference: "KTB-0001", valueDate, amount: 500_000, pool: {} })
 */
export const recordReceipt = (actor: Actor.Actor, key: Idempotency.Key, input: Receipt.Input) =>
  once("recordReceipt", actor, key, input, Receipt.Receipt, (tx, at) =>
    Effect.gen(function* () {
      const settings = yield* settingsIn(tx)
      yield* treasurer(settings, actor, "recordReceipt")
      if (input.contributor !== undefined) yield* found("contributor", input.contributor, yield* tx.contributor(input.contributor))
      if (input.pledge !== undefined) yield* found("pledge", input.pledge, yield* tx.pledge(input.pledge))
      const booked = yield* tx.receiptsByReference(input.bankReference)
      if (booked.length > 0) return yield* new Receipt.DuplicateReference({ bankReference: input.bankReference, receiptId: booked[0]!.id })
      const { movement, receipt } = Receipt.record(Receipt.id(yield* tx.next("receipt")), input, actor.id, at)
      yield* bounded(tx, movement)
      yield* tx.putReceipt(receipt)
      yield* tx.append(movement)
      return receipt
    }))

/** Reverses a wrongly recorded receipt (a treasurer's correction), if its money is still available. */
export const reverseReceipt = (actor: Actor.Actor, key: Idempotency.Key, input: ReverseReceipt) =>
  once("reverseReceipt", actor, key, input, Receipt.Receipt, (tx, at) =>
    Effect.gen(function* () {
      const settings = yield* settingsIn(tx)
      yield* treasurer(settings, actor, "reverseReceipt")
      const receipt = yield* found("receipt", input.receipt, yield* tx.receipt(input.receipt))
      const reversed = yield* Receipt.reverse(receipt, actor.id, input.reason, at, yield* tx.pool(receipt.pool))
      yield* bounded(tx, reversed.movement)
      yield* tx.putReceipt(reversed.receipt)
      yield* tx.append(reversed.movement)
      return reversed.receipt
    }))

/**
 * Settings fit to be the fund's: their own rules (`SettingsChange.problem`), and every seat
 * held by a stored user of the seat's role. Users are read before the fund's transaction
 * opens: an adapter's users may live on the very connection that transaction holds.
 */
const seated = (settings: FundRequest.Settings) =>
  Effect.gen(function* () {
    const problem = SettingsChange.problem(settings)
    if (problem !== undefined) return yield* problem
    for (const [user, seat] of SettingsChange.seats(settings)) {
      const stored = yield* Access.resolve(user)
      if (stored.role !== SettingsChange.seatRole[seat]) return yield* new SettingsChange.SeatRoleMismatch({ user, seat, role: stored.role })
    }
  })

/**
 * Sets the fund's first rules (committee and quorum, treasurers, limits): the provincial
 * centre's, once (`AlreadyConfigured` after). They are kept as change S-1, applied when
 * made; later changes are proposed (`proposeSettings`) and approved by the committee.
 *
 * @example FundCommands.configure(province, key, { quorum: 2, committee: ["m1", "m2", "m3"], treasurers: ["t1"], ceilingPerRequest: 300_000, capPerHouseholdPerFiscalYear: 900_000 })
 */
export const configure = (actor: Actor.Actor, key: Idempotency.Key, settings: FundRequest.Settings) =>
  Effect.zipRight(
    Effect.zipRight(Access.check(actor, "configureFund"), seated(settings)),
    once("configure", actor, key, settings, FundRequest.Settings, (tx, at) =>
      Effect.gen(function* () {
        if (Option.isSome(yield* tx.settings())) return yield* new SettingsChange.AlreadyConfigured()
        yield* tx.putSettings(settings)
        yield* tx.putSettingsChange(SettingsChange.bootstrap(SettingsChange.id(yield* tx.next("settingsChange")), settings, actor.id, at))
        return settings
      }))
  )

/**
 * Proposes new settings for the committee in office to approve (the provincial centre's);
 * nothing changes until the current quorum approves.
 */
export const proposeSettings = (actor: Actor.Actor, key: Idempotency.Key, input: SettingsChange.Propose) =>
  Effect.zipRight(
    Effect.zipRight(Access.check(actor, "proposeSettings"), seated(input.settings)),
    once("proposeSettings", actor, key, input, SettingsChange.Change, (tx, at) =>
      Effect.gen(function* () {
        yield* settingsIn(tx)
        const change = SettingsChange.propose(SettingsChange.id(yield* tx.next("settingsChange")), input.settings, actor.id, at)
        yield* tx.putSettingsChange(change)
        return change
      }))
  )

/**
 * A member of the committee in office approves a proposed change; the approval reaching
 * the current quorum applies it, and every other open proposal is closed.
 */
export const approveSettings = (actor: Actor.Actor, key: Idempotency.Key, input: SettingsChange.Approve) =>
  once("approveSettings", actor, key, input, SettingsChange.Change, (tx, at) =>
    Effect.gen(function* () {
      const current = yield* settingsIn(tx)
      const change = yield* found("settingsChange", input.change, yield* tx.settingsChange(input.change))
      const approved = yield* SettingsChange.approve(current, change, actor.id, at)
      yield* tx.putSettingsChange(approved)
      if (approved.state._tag === "applied") {
        yield* tx.putSettings(approved.settings)
        for (const other of yield* tx.settingsChanges()) {
          if (other.id !== approved.id && other.state._tag === "open") yield* tx.putSettingsChange(SettingsChange.supersede(other, approved.id, at))
        }
      }
      return approved
    }))

/** Every change of the fund's settings, the first settings included, in the order proposed (the fund's own people). */
export const settingsChanges = (actor: Actor.Actor) =>
  Effect.zipRight(Access.check(actor, "readFund"), Effect.flatMap(FundStore, (store) => store.settingsChanges()))

/** The fund's settings as last configured, or `NotConfigured` (the commands read them inside their own transaction). */
export const settings: Effect.Effect<FundRequest.Settings, NotConfigured, FundStore> = Effect.flatMap(FundStore, (store) => configured(store.settings()))

/**
 * Adds a contributor, or gives a known one (same id) new details: a new display name, a
 * change of mind about staying anonymous.
 *
 * @example FundCommands.addContributor(treasurer, key, new Contributor.Contributor({ id, kind: "network", displayName: "เครือข่าย OTOP ศรีสะเกษ", anonymous: false }))
 */
export const addContributor = (actor: Actor.Actor, key: Idempotency.Key, input: Contributor.Contributor) =>
  once("addContributor", actor, key, input, Contributor.Contributor, (tx) =>
    Effect.gen(function* () {
      const contributor = new Contributor.Contributor(input)
      yield* tx.putContributor(contributor)
      return contributor
    }))

/** Records a pledge of a known contributor: no money, no movement. */
export const pledge = (actor: Actor.Actor, key: Idempotency.Key, input: Pledge.Input) =>
  once("pledge", actor, key, input, Pledge.Pledge, (tx, at) =>
    Effect.gen(function* () {
      yield* found("contributor", input.contributor, yield* tx.contributor(input.contributor))
      const made = new Pledge.Pledge({ ...input, id: Pledge.id(yield* tx.next("pledge")), recordedAt: at, recordedBy: actor.id })
      yield* tx.putPledge(made)
      return made
    }))

/**
 * Asks for money for one household in the actor's areas, which must be in a round of the
 * registry (`NotInRegistry`); the actor is the requester. The registry is read before the
 * fund's transaction (which on SQLite holds the one connection), the refusal made in it.
 *
 * @example FundCommands.request(mentor, key, { houseCode, villageCode, purpose: "school-uniforms", pool: {}, amount: 150_000 })
 */
export const request = (actor: Actor.Actor, key: Idempotency.Key, input: FundRequest.Input) =>
  Effect.flatMap(Effect.flatMap(Registry.HouseholdRegistry, (registry) => registry.roundsOf(input.houseCode)), (rounds) =>
  once("request", actor, key, input, FundRequest.Request, (tx, at) =>
    Effect.gen(function* () {
      yield* Access.inScope(actor, input.villageCode)
      if (rounds.length === 0) return yield* new FundRequest.NotInRegistry({ houseCode: input.houseCode })
      const settings = yield* settingsIn(tx)
      const id = FundRequest.id(yield* tx.next("request"))
      const opening = { ...input, id, requester: actor.id, requestedAt: at, requestedOn: thaiDate(at) }
      const opened = yield* FundRequest.open(settings, opening, yield* tx.household(input.houseCode))
      return yield* apply(tx, { request: opened, movements: [] })
    })))

const transition = <E>(
  command: Idempotency.Command,
  actor: Actor.Actor,
  key: Idempotency.Key,
  input: { readonly request: FundRequest.RequestId },
  step: (settings: FundRequest.Settings, request: FundRequest.Request, tx: Transaction, at: string) => Effect.Effect<FundRequest.Transition, E>
) =>
  once(command, actor, key, input, FundRequest.Request, (tx, at) =>
    Effect.gen(function* () {
      const settings = yield* settingsIn(tx)
      const current = yield* found("request", input.request, yield* tx.request(input.request))
      // A request of a household outside the actor's areas is, to them, no request at all.
      if (!Actor.inScope(actor, current.villageCode)) return yield* new NotFound({ what: "request", id: input.request })
      return yield* apply(tx, yield* step(settings, current, tx, at))
    }))

/** A committee member's approval; the one reaching the quorum reserves the money. */
export const approve = (actor: Actor.Actor, key: Idempotency.Key, input: Approve) =>
  transition("approve", actor, key, input, (settings, request, tx, at) =>
    Effect.gen(function* () {
      const balance = yield* tx.pool(request.pool)
      const household = yield* tx.household(request.houseCode)
      return yield* FundRequest.approve(settings, request, actor.id, at, { balance, household })
    }))

/** A committee member's rejection with a reason, final; a reservation is released. */
export const reject = (actor: Actor.Actor, key: Idempotency.Key, input: Reject) =>
  transition("reject", actor, key, input, (settings, request, _tx, at) => FundRequest.reject(settings, request, actor.id, input.reason, at))

/**
 * A treasurer's payment of a reserved request, with the transfer's reference and date. The
 * household's logbook entry (budget source "fund") is written in the same transaction.
 */
export const pay = (actor: Actor.Actor, key: Idempotency.Key, input: Pay) =>
  transition("pay", actor, key, input, (settings, request, tx, at) =>
    Effect.gen(function* () {
      const paid = yield* FundRequest.pay(settings, request, actor.id, { transferReference: input.transferReference, paidOn: input.paidOn }, at)
      const entry = Logbook.fromFundPayment(paid.request, {
        ...(input.kind === undefined ? {} : { kind: input.kind }),
        ...(input.problems === undefined ? {} : { problems: input.problems })
      })
      if (entry !== undefined) yield* tx.log(entry)
      return paid
    }))

/** Cancels a reserved, unpaid request (its requester or a committee member): the reservation is released. */
export const cancel = (actor: Actor.Actor, key: Idempotency.Key, input: Cancel) =>
  transition("cancel", actor, key, input, (settings, request, _tx, at) => FundRequest.cancel(settings, request, actor.id, at))

// ----- reads

/** The fund's balances as the books keep them (no household in them). */
export const balances: Effect.Effect<Ledger.Balances, never, FundStore> = Effect.flatMap(FundStore, (store) => store.balances())

/**
 * The committee's report: pending requests and every household's standing against its
 * cap, cut to the actor's areas.
 */
export const committeeReport = (actor: Actor.Actor) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readFund")
    const store = yield* FundStore
    const settings = yield* configured(store.settings())
    const requests = (yield* store.requests()).filter((r) => Actor.inScope(actor, r.villageCode))
    return FundReport.committee(settings, yield* store.movements(), requests)
  })

/** The public report: money in and out by month, purpose and area, small cells hidden; no household, no sign-in. */
export const publicReport = Effect.gen(function* () {
  const store = yield* FundStore
  return FundReport.publicReport({
    receipts: yield* store.receipts(),
    requests: yield* store.requests(),
    balances: yield* store.balances(),
    contributors: yield* store.contributors()
  })
})

/** A bank statement's lines matched against the books' receipts and payments. */
export const reconcile = (actor: Actor.Actor, lines: ReadonlyArray<BankStatement.Line>) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "reconcile")
    const store = yield* FundStore
    return Reconciliation.match(lines, Reconciliation.entries(yield* store.receipts(), yield* store.requests()))
  })

/** The contributors, with their names even when anonymous to the public (the fund's own people only). */
export const contributors = (actor: Actor.Actor) =>
  Effect.zipRight(Access.check(actor, "readFund"), Effect.flatMap(FundStore, (store) => store.contributors()))

/** The pledges, each with its state on `on` (what it has received, open, fulfilled or lapsed). */
export const pledges = (actor: Actor.Actor, on: CalendarDate.IsoDate) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readFund")
    const store = yield* FundStore
    const receipts = yield* store.receipts()
    return (yield* store.pledges()).map((pledge) => ({ pledge, state: Pledge.state(pledge, receipts, on) }))
  })

// A citizen ID someone typed into free text is personal data there too: the reads below
// mask it; the books (`FundStore`) keep the text as written.
const maskedRequest = (r: FundRequest.Request): FundRequest.Request =>
  new FundRequest.Request({
    ...r,
    ...(r.reference === undefined ? {} : { reference: CitizenId.maskIn(r.reference) }),
    state: r.state._tag === "rejected" ? { ...r.state, reason: CitizenId.maskIn(r.state.reason) } : r.state
  })
const maskedReceipt = (r: Receipt.Receipt): Receipt.Receipt =>
  r.reversal === undefined ? r : new Receipt.Receipt({ ...r, reversal: { ...r.reversal, reason: CitizenId.maskIn(r.reversal.reason) } })

/** The requests, in the order made, citizen IDs in their free text masked (the fund's own people). */
export const requests = (actor: Actor.Actor) =>
  Effect.zipRight(
    Access.check(actor, "readFund"),
    Effect.flatMap(FundStore, (store) => Effect.map(store.requests(), (all) => all.filter((r) => Actor.inScope(actor, r.villageCode)).map(maskedRequest)))
  )

/** The receipts, in the order recorded, citizen IDs in a reversal's reason masked (the fund's own people). */
export const receipts = (actor: Actor.Actor) =>
  Effect.zipRight(Access.check(actor, "readFund"), Effect.flatMap(FundStore, (store) => Effect.map(store.receipts(), (all) => all.map(maskedReceipt))))
