/**
 * A request for money from the fund for one household, and its life: requested → approved
 * by a quorum of the committee (the requester never counts) → reserved against its pool
 * → paid by a treasurer; rejected (final) by any member until paid; cancelled while
 * reserved and unpaid. Each transition is a pure function returning the new request and
 * the ledger movements it makes, or a tagged refusal.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as FiscalYear from "../kernel/FiscalYear.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Ledger from "./Ledger.js"
import * as Pool from "./Pool.js"
import * as Satang from "../kernel/Satang.js"
import { NotPermitted } from "../kernel/Access.js"

/** Shared by every context; kept here under the name it first had. */
export { NotPermitted }

export const RequestId = Schema.String.pipe(
  Schema.pattern(/^R-\d+$/, { identifier: "RequestId", description: "R- and a number" }),
  Schema.brand("RequestId")
)
export type RequestId = typeof RequestId.Type

/** The id of the `n`th request. @example id(7) // "R-7" */
export const id = (n: number): RequestId => `R-${n}` as RequestId

/**
 * The fund's rules that are settings: the committee and its quorum (k of n), who may pay,
 * and the limits (for comparison, a local government gives at most 3,000 baht a time).
 */
export const Settings = Schema.Struct({
  quorum: Schema.Int.pipe(Schema.positive()),
  committee: Schema.Array(Schema.NonEmptyTrimmedString),
  treasurers: Schema.Array(Schema.NonEmptyTrimmedString),
  ceilingPerRequest: Ledger.Amount,
  /** On the sum of a household's reserved and paid requests dated in one fiscal year. */
  capPerHouseholdPerFiscalYear: Ledger.Amount
}).pipe(
  Schema.filter((s) =>
    new Set(s.committee).size !== s.committee.length
      ? "committee lists a member twice"
      : s.quorum <= s.committee.length || `quorum ${s.quorum} is more than the committee's ${s.committee.length} members`
  ),
  Schema.annotations({ identifier: "FundSettings" })
)
export type Settings = typeof Settings.Type

/** A request as the requester gives it. */
export const Input = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  villageCode: Area.VillageCode,
  purpose: Pool.Purpose,
  /** The household's problem or plan action the money is for. */
  reference: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  pool: Pool.Pool,
  amount: Ledger.Amount
}).annotations({ identifier: "FundRequestInput" })
export type Input = typeof Input.Type

/** What the treasurer records when paying. */
export const Payment = Schema.Struct({
  transferReference: Schema.NonEmptyTrimmedString,
  paidOn: CalendarDate.IsoDate
}).annotations({ identifier: "FundPayment" })
export type Payment = typeof Payment.Type

export const Approval = Schema.Struct({ member: Schema.String, at: Ledger.Timestamp })
export type Approval = typeof Approval.Type

export const State = Schema.Union(
  Schema.TaggedStruct("requested", {}),
  Schema.TaggedStruct("reserved", { reservation: Ledger.MovementId }),
  Schema.TaggedStruct("rejected", {
    by: Schema.String,
    reason: Schema.NonEmptyTrimmedString,
    at: Ledger.Timestamp,
    /** The release of the reservation, when the request was rejected after reaching its quorum. */
    release: Schema.optionalWith(Ledger.MovementId, { exact: true })
  }),
  Schema.TaggedStruct("paid", {
    reservation: Ledger.MovementId,
    payment: Ledger.MovementId,
    by: Schema.String,
    transferReference: Schema.NonEmptyTrimmedString,
    paidOn: CalendarDate.IsoDate,
    at: Ledger.Timestamp
  }),
  Schema.TaggedStruct("cancelled", {
    reservation: Ledger.MovementId,
    release: Ledger.MovementId,
    by: Schema.String,
    at: Ledger.Timestamp
  })
)
export type State = typeof State.Type

export class Request extends Schema.Class<Request>("FundRequest")({
  id: RequestId,
  ...Input.fields,
  requester: Schema.String,
  requestedAt: Ledger.Timestamp,
  /** The request's day in Thailand: its fiscal year is the one the household cap counts in. */
  requestedOn: CalendarDate.IsoDate,
  approvals: Schema.Array(Approval),
  state: State
}) {}

/** What opening a request adds to the requester's input. */
export interface Opening extends Input {
  readonly id: RequestId
  readonly requester: string
  readonly requestedAt: string
  readonly requestedOn: CalendarDate.IsoDate
}

/** A new request and the movements its transition made (none, or one). */
export interface Transition {
  readonly request: Request
  readonly movements: ReadonlyArray<Ledger.Movement>
}

export type Action = "request" | "approve" | "reject" | "pay" | "cancel" | "recordReceipt" | "reverseReceipt"

/** The request's state does not allow the action (paying a rejected request, …). */
/** A request for a household whose house code is in no round of the registry. */
export class NotInRegistry extends Schema.TaggedError<NotInRegistry>()("NotInRegistry", {
  houseCode: Schema.String
}) {
  override get message(): string {
    return `household ${this.houseCode} is in no survey round of the registry: import its record first`
  }
}

export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  requestId: Schema.String,
  state: Schema.String,
  action: Schema.String
}) {
  override get message(): string {
    return `request ${this.requestId} is ${this.state}: it cannot ${this.action}`
  }
}

export class SelfApproval extends Schema.TaggedError<SelfApproval>()("SelfApproval", {
  requestId: Schema.String,
  memberId: Schema.String
}) {
  override get message(): string {
    return `${this.memberId} asked for request ${this.requestId} and may not approve it`
  }
}

export class AlreadyApproved extends Schema.TaggedError<AlreadyApproved>()("AlreadyApproved", {
  requestId: Schema.String,
  memberId: Schema.String
}) {
  override get message(): string {
    return `${this.memberId} already approved request ${this.requestId}`
  }
}

export class OverCeiling extends Schema.TaggedError<OverCeiling>()("OverCeiling", {
  amount: Satang.Satang,
  ceiling: Satang.Satang
}) {
  override get message(): string {
    return `${Satang.format(this.amount, "en")} is over the ceiling per request of ${Satang.format(this.ceiling, "en")}`
  }
}

export class OverHouseholdCap extends Schema.TaggedError<OverHouseholdCap>()("OverHouseholdCap", {
  houseCode: Schema.String,
  fiscalYear: Schema.Int,
  cap: Satang.Satang,
  /** What the household already has reserved or paid in the fiscal year. */
  committed: Satang.Satang,
  amount: Satang.Satang
}) {
  override get message(): string {
    return `household ${this.houseCode} has ${Satang.format(this.committed, "en")} in fiscal ${this.fiscalYear}; ` +
      `${Satang.format(this.amount, "en")} more is over the cap of ${Satang.format(this.cap, "en")}`
  }
}

/** The pool is earmarked for another purpose or area than the request's. */
export class PoolRestricted extends Schema.TaggedError<PoolRestricted>()("PoolRestricted", {
  pool: Schema.String,
  purpose: Schema.String,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `pool ${this.pool} cannot pay for ${this.purpose} in village ${this.villageCode}`
  }
}

/**
 * What a household has reserved or paid in a fiscal year, by the request's date, leaving
 * out `except` (the request being decided).
 *
 * @example committed(requests, "33010000001", 2565) // 250000
 */
export const committed = (
  requests: ReadonlyArray<Request>,
  houseCode: string,
  fiscalYear: number,
  except?: RequestId
): Satang.Satang =>
  requests
    .filter((r) =>
      r.id !== except &&
      r.houseCode === houseCode &&
      (r.state._tag === "reserved" || r.state._tag === "paid") &&
      FiscalYear.of(r.requestedOn) === fiscalYear
    )
    .reduce((total, r) => total + r.amount, 0) as Satang.Satang

/** The limits as they apply to `request` among the household's other requests. */
const withinLimits = (
  settings: Settings,
  request: Request,
  household: ReadonlyArray<Request>
): Either.Either<Request, OverCeiling | OverHouseholdCap> => {
  if (request.amount > settings.ceilingPerRequest) {
    return Either.left(new OverCeiling({ amount: request.amount, ceiling: settings.ceilingPerRequest }))
  }
  const fiscalYear = FiscalYear.of(request.requestedOn)
  const already = committed(household, request.houseCode, fiscalYear, request.id)
  if (already + request.amount > settings.capPerHouseholdPerFiscalYear) {
    return Either.left(
      new OverHouseholdCap({
        houseCode: request.houseCode,
        fiscalYear,
        cap: settings.capPerHouseholdPerFiscalYear,
        committed: already,
        amount: request.amount
      })
    )
  }
  return Either.right(request)
}

/**
 * A new request, refused when its pool is earmarked elsewhere or it is over a limit.
 * `household` is the household's other requests, for the cap. Within the limits now does
 * not promise within them at quorum: the limits are checked again when money is reserved.
 */
export const open = (
  settings: Settings,
  opening: Opening,
  household: ReadonlyArray<Request>
): Either.Either<Request, OverCeiling | OverHouseholdCap | PoolRestricted> => {
  const request = new Request({ ...opening, approvals: [], state: { _tag: "requested" } })
  if (!Pool.serves(request.pool, request.purpose, request.villageCode)) {
    return Either.left(new PoolRestricted({ pool: Pool.key(request.pool), purpose: request.purpose, villageCode: request.villageCode }))
  }
  return withinLimits(settings, request, household)
}

const invalid = (request: Request, action: Action) =>
  Either.left(new InvalidTransition({ requestId: request.id, state: request.state._tag, action }))

const notPermitted = (actorId: string, action: Action, request: Request) =>
  Either.left(new NotPermitted({ actorId, action, requestId: request.id }))

const isMember = (settings: Settings, actorId: string) => settings.committee.includes(actorId)

/**
 * A committee member's approval. Below quorum it is counted; the approval that reaches
 * the quorum reserves the amount against the pool, and is refused (and not counted) when
 * the pool's available money (`balance`, now) would go below zero or a limit would be
 * passed.
 */
export const approve = (
  settings: Settings,
  request: Request,
  member: string,
  at: string,
  context: { readonly balance: Ledger.PoolBalance; readonly household: ReadonlyArray<Request> }
): Either.Either<
  Transition,
  NotPermitted | InvalidTransition | SelfApproval | AlreadyApproved | OverCeiling | OverHouseholdCap | Ledger.InsufficientFunds
> => {
  if (!isMember(settings, member)) return notPermitted(member, "approve", request)
  if (request.state._tag !== "requested") return invalid(request, "approve")
  if (member === request.requester) return Either.left(new SelfApproval({ requestId: request.id, memberId: member }))
  if (request.approvals.some((a) => a.member === member)) {
    return Either.left(new AlreadyApproved({ requestId: request.id, memberId: member }))
  }
  const approvals = [...request.approvals, { member, at }]
  // Only approvals by members still on the committee count, should its members change.
  const counted = approvals.filter((a) => isMember(settings, a.member)).length
  if (counted < settings.quorum) {
    return Either.right({ request: new Request({ ...request, approvals }), movements: [] })
  }
  const reservation = Ledger.reservation(Ledger.movementId(request.id, "reservation"), request.pool, request.amount, at)
  return Either.flatMap(withinLimits(settings, request, context.household), () =>
    Either.map(Ledger.cover(context.balance, reservation), (movement) => ({
      request: new Request({ ...request, approvals, state: { _tag: "reserved", reservation: movement.id } }),
      movements: [movement]
    })))
}

/**
 * A committee member's rejection, final, allowed until the request is paid; a reserved
 * request's money is released to its pool.
 */
export const reject = (
  settings: Settings,
  request: Request,
  member: string,
  reason: string,
  at: string
): Either.Either<Transition, NotPermitted | InvalidTransition> => {
  if (!isMember(settings, member)) return notPermitted(member, "reject", request)
  const state = request.state
  if (state._tag === "requested") {
    return Either.right({ request: new Request({ ...request, state: { _tag: "rejected", by: member, reason, at } }), movements: [] })
  }
  if (state._tag !== "reserved") return invalid(request, "reject")
  const release = Ledger.release(Ledger.movementId(request.id, "release"), request.pool, request.amount, at)
  return Either.right({
    request: new Request({ ...request, state: { _tag: "rejected", by: member, reason, at, release: release.id } }),
    movements: [release]
  })
}

/** A treasurer's payment of a reserved request: its reservation becomes spending. */
export const pay = (
  settings: Settings,
  request: Request,
  treasurer: string,
  payment: Payment,
  at: string
): Either.Either<Transition, NotPermitted | InvalidTransition> => {
  if (!settings.treasurers.includes(treasurer)) return notPermitted(treasurer, "pay", request)
  const state = request.state
  if (state._tag !== "reserved") return invalid(request, "pay")
  const movement = Ledger.payment(Ledger.movementId(request.id, "payment"), request.pool, request.amount, at)
  return Either.right({
    request: new Request({
      ...request,
      state: { _tag: "paid", reservation: state.reservation, payment: movement.id, by: treasurer, ...payment, at }
    }),
    movements: [movement]
  })
}

/**
 * Cancelling an approved, unpaid request, by its requester or a committee member: the
 * reservation is released to the pool.
 */
export const cancel = (
  settings: Settings,
  request: Request,
  actorId: string,
  at: string
): Either.Either<Transition, NotPermitted | InvalidTransition> => {
  if (actorId !== request.requester && !isMember(settings, actorId)) return notPermitted(actorId, "cancel", request)
  const state = request.state
  if (state._tag !== "reserved") return invalid(request, "cancel")
  const release = Ledger.release(Ledger.movementId(request.id, "release"), request.pool, request.amount, at)
  return Either.right({
    request: new Request({ ...request, state: { _tag: "cancelled", reservation: state.reservation, release: release.id, by: actorId, at } }),
    movements: [release]
  })
}
