/**
 * A change of the fund's settings and its life: the provincial centre proposes new
 * settings (committee and quorum, treasurers, limits); members of the committee in office
 * approve; the approval that reaches the quorum in force applies them, and closes every
 * other open proposal (its approvals were given under rules that no longer hold). The
 * fund's first settings are kept as a change too, applied when made. Also the rules every
 * settings must keep: a quorum of two at least, and no person in two seats.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as Actor from "../kernel/Actor.js"
import { NotPermitted } from "../kernel/Access.js"
import * as FundRequest from "./FundRequest.js"
import * as Ledger from "./Ledger.js"

export const ChangeId = Schema.String.pipe(
  Schema.pattern(/^S-\d+$/, { identifier: "SettingsChangeId", description: "S- and a number" }),
  Schema.brand("SettingsChangeId")
)
export type ChangeId = typeof ChangeId.Type

/** The id of the `n`th change. @example id(2) // "S-2" */
export const id = (n: number): ChangeId => `S-${n}` as ChangeId

export const State = Schema.Union(
  Schema.TaggedStruct("open", {}),
  Schema.TaggedStruct("applied", { at: Ledger.Timestamp }),
  /** Another change was applied first: this one can no longer be approved. */
  Schema.TaggedStruct("superseded", { by: ChangeId, at: Ledger.Timestamp })
)
export type State = typeof State.Type

export class Change extends Schema.Class<Change>("FundSettingsChange")({
  id: ChangeId,
  settings: FundRequest.Settings,
  proposedBy: Schema.String,
  proposedAt: Ledger.Timestamp,
  approvals: Schema.Array(FundRequest.Approval),
  state: State
}) {}

/** What the provincial centre proposes. */
export const Propose = Schema.Struct({ settings: FundRequest.Settings }).annotations({ identifier: "ProposeSettings" })
export type Propose = typeof Propose.Type
export const Approve = Schema.Struct({ change: ChangeId }).annotations({ identifier: "ApproveSettings" })
export type Approve = typeof Approve.Type

/** The fund already has its first settings: a change goes through a proposal and the committee's approval. */
export class AlreadyConfigured extends Schema.TaggedError<AlreadyConfigured>()("AlreadyConfigured", {}) {
  override get message(): string {
    return "the fund is configured already: propose a change of its settings for the committee to approve"
  }
}

/** Settings that break a rule of their own: a quorum below two, a person in two seats. */
export class InvalidSettings extends Schema.TaggedError<InvalidSettings>()("InvalidSettings", {
  reason: Schema.Literal("quorumBelowTwo", "seatTwice"),
  user: Schema.optionalWith(Schema.String, { exact: true })
}) {
  override get message(): string {
    return this.reason === "quorumBelowTwo"
      ? "the quorum must be 2 at least: nobody moves the fund's money alone"
      : `${this.user} holds two seats: the committee and the treasurers must be different people`
  }
}

/** A seat given to a stored user whose role is not that seat's (a committee seat needs fundCommittee, a treasurer's treasurer). */
export class SeatRoleMismatch extends Schema.TaggedError<SeatRoleMismatch>()("SeatRoleMismatch", {
  user: Schema.String,
  seat: Schema.Literal("committee", "treasurer"),
  role: Schema.String
}) {
  override get message(): string {
    return `${this.user} is a ${this.role}, not a ${this.seat === "committee" ? "fundCommittee" : "treasurer"}: they cannot take a ${this.seat} seat`
  }
}

/** The proposal was applied, or superseded by another: nothing more to approve. */
export class ProposalClosed extends Schema.TaggedError<ProposalClosed>()("ProposalClosed", {
  changeId: Schema.String,
  state: Schema.String
}) {
  override get message(): string {
    return `settings change ${this.changeId} is ${this.state}: it cannot be approved`
  }
}

export class AlreadyApprovedChange extends Schema.TaggedError<AlreadyApprovedChange>()("AlreadyApprovedChange", {
  changeId: Schema.String,
  memberId: Schema.String
}) {
  override get message(): string {
    return `${this.memberId} already approved settings change ${this.changeId}`
  }
}

/** The role a seat needs. */
export const seatRole = { committee: "fundCommittee", treasurer: "treasurer" } as const satisfies Record<SeatRoleMismatch["seat"], Actor.Role>

/** Every seat of the settings, with the person in it. */
export const seats = (settings: FundRequest.Settings): ReadonlyArray<readonly [string, SeatRoleMismatch["seat"]]> => [
  ...settings.committee.map((user) => [user, "committee"] as const),
  ...settings.treasurers.map((user) => [user, "treasurer"] as const)
]

/**
 * What is wrong with settings on their own, or `undefined`: a quorum below two, a person
 * in two seats. (A quorum above the committee's size, a member listed twice, the schema refuses.)
 *
 * @example problem({ ...settings, quorum: 1 }) // InvalidSettings { reason: "quorumBelowTwo" }
 */
export const problem = (settings: FundRequest.Settings): InvalidSettings | undefined => {
  if (settings.quorum < 2) return new InvalidSettings({ reason: "quorumBelowTwo" })
  const twice = settings.treasurers.find((t, i) => settings.committee.includes(t) || settings.treasurers.indexOf(t) !== i)
  return twice === undefined ? undefined : new InvalidSettings({ reason: "seatTwice", user: twice })
}

/** The fund's first settings, kept as a change applied when made. */
export const bootstrap = (changeId: ChangeId, settings: FundRequest.Settings, by: string, at: string): Change =>
  new Change({ id: changeId, settings, proposedBy: by, proposedAt: at, approvals: [], state: { _tag: "applied", at } })

/** A new proposal, open. */
export const propose = (changeId: ChangeId, settings: FundRequest.Settings, by: string, at: string): Change =>
  new Change({ id: changeId, settings, proposedBy: by, proposedAt: at, approvals: [], state: { _tag: "open" } })

/**
 * A member's approval of an open change under the settings in force: only a member of
 * the current committee, once; the approval reaching the current quorum applies it.
 *
 * @example approve(current, change, "m2", at) // Either.right(change with state applied), when m1 approved before and the quorum is 2
 */
export const approve = (
  current: FundRequest.Settings,
  change: Change,
  member: string,
  at: string
): Either.Either<Change, NotPermitted | ProposalClosed | AlreadyApprovedChange> => {
  if (!current.committee.includes(member)) return Either.left(new NotPermitted({ actorId: member, action: "approveSettings" }))
  if (change.state._tag !== "open") return Either.left(new ProposalClosed({ changeId: change.id, state: change.state._tag }))
  if (change.approvals.some((a) => a.member === member)) return Either.left(new AlreadyApprovedChange({ changeId: change.id, memberId: member }))
  const approvals = [...change.approvals, { member, at }]
  const state: State = approvals.length >= current.quorum ? { _tag: "applied", at } : { _tag: "open" }
  return Either.right(new Change({ ...change, approvals, state }))
}

/** An open change closed because `by` was applied. */
export const supersede = (change: Change, by: ChangeId, at: string): Change => new Change({ ...change, state: { _tag: "superseded", by, at } })
