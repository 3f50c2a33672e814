/**
 * Who may do what: one table of every action of every context against the roles that
 * may take it, the refusals all contexts share (an action the actor's role has no part
 * in, an area outside the actor's scope, a record that does not exist), and the port
 * that turns a user id into the acting user. Every use case checks here; no app decides.
 *
 * Some actions also need a seat the fund's settings give (a committee member approves,
 * a treasurer pays): the table says which roles may ask at all, the fund then checks the
 * seat.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "./Actor.js"
import { OutOfScope } from "./Actor.js"

export { OutOfScope }

/** The actor has no part in this action (a role without the right, not on the committee, not a treasurer, …). */
export class NotPermitted extends Schema.TaggedError<NotPermitted>()("NotPermitted", {
  actorId: Schema.String,
  action: Schema.String,
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}) {
  override get message(): string {
    return `${this.actorId} may not ${this.action}${this.requestId === undefined ? "" : ` request ${this.requestId}`}`
  }
}

/** A record a command or a read names does not exist (or, to the caller, might as well not). */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  what: Schema.Literal("household", "action", "entry", "problem", "team", "request", "receipt", "pledge", "contributor", "record", "decision", "token", "settingsChange", "program", "job"),
  id: Schema.String
}) {
  override get message(): string {
    return `no ${this.what} ${this.id}`
  }
}

/** No stored user has this id: nobody can act as them. */
export class UnknownUser extends Schema.TaggedError<UnknownUser>()("UnknownUser", { id: Schema.String }) {
  override get message(): string {
    return `no user ${this.id}`
  }
}

const field: ReadonlyArray<Actor.Role> = ["provincialCentre", "districtCentre", "subdistrictTeam", "mentor", "system"]
const centres: ReadonlyArray<Actor.Role> = ["provincialCentre", "districtCentre", "system"]
const province: ReadonlyArray<Actor.Role> = ["provincialCentre", "system"]
const everyone: ReadonlyArray<Actor.Role> = Actor.Role.literals

/**
 * Every action, by context, with the roles that may take it. Reads of households and
 * their journey need the area in scope too; the fund's seats are checked by the fund.
 */
export const table = {
  // the registry
  importSurvey: centres,
  evaluateRound: centres,
  readRegistry: [...field, "auditor"],
  readReport: everyone,
  exportRound: province,
  /** Reading citizen IDs in full (every other read masks them). */
  unmask: field,
  // the household journey
  enrol: centres,
  verify: field,
  addHousehold: field,
  analyse: field,
  scoreCapitals: field,
  addPlanAction: field,
  agreePlan: field,
  setActionStatus: [...field, "agencyOfficer"],
  markProblem: field,
  recordHelp: [...field, "agencyOfficer"],
  reverseHelp: [...field, "agencyOfficer"],
  recordVisit: field,
  closeFromRound: centres,
  setDeadline: province,
  assignMentorTeam: centres,
  putTeam: centres,
  putUser: province,
  seedAgencies: province,
  readJourney: [...field, "agencyOfficer", "auditor"],
  // the fund
  /** The fund's first settings only; later changes are proposed and approved. */
  configureFund: ["provincialCentre"],
  proposeSettings: ["provincialCentre"],
  /** By a member of the committee in office (the fund checks the seat). */
  approveSettings: ["fundCommittee"],
  addContributor: ["treasurer", ...province],
  pledge: ["treasurer", ...province],
  recordReceipt: ["treasurer"],
  reverseReceipt: ["treasurer"],
  /** A committee member may ask too (and then never approve their own: `SelfApproval`). */
  request: [...field, "fundCommittee"],
  approve: ["fundCommittee"],
  reject: ["fundCommittee"],
  pay: ["treasurer"],
  cancel: [...field, "fundCommittee"],
  reconcile: ["treasurer", ...province],
  readFund: ["fundCommittee", "treasurer", "auditor", ...province],
  // targeted programs
  managePrograms: centres,
  readPrograms: [...field, "agencyOfficer", "auditor"],
  recordNeed: field,
  deliver: [...field, "agencyOfficer"],
  // personal-data reads on record, and who may call the API
  readAudit: ["auditor", ...province],
  manageTokens: province,
  // background jobs: submitting one needs the right its kind's use case checks as well
  readJobs: everyone,
  cancelJob: centres
} as const satisfies Record<string, ReadonlyArray<Actor.Role>>

export type Action = keyof typeof table

/** Every action, in the table's order. */
export const actions = Object.keys(table) as ReadonlyArray<Action>

/** Whether the actor's role may take the action. @example permits(Actor.system(), "exportRound") // true */
export const permits = (actor: Actor.Actor, action: Action): boolean => (table[action] as ReadonlyArray<Actor.Role>).includes(actor.role)

/** The role check every use case starts with. */
export const check = (actor: Actor.Actor, action: Action): Effect.Effect<void, NotPermitted> =>
  permits(actor, action) ? Effect.void : Effect.fail(new NotPermitted({ actorId: actor.id, action }))

/** The scope check: the area (or a household's village) lies in the actor's areas. */
export const inScope = (actor: Actor.Actor, area: string): Effect.Effect<void, OutOfScope> =>
  Actor.inScope(actor, area) ? Effect.void : Effect.fail(new OutOfScope({ actorId: actor.id, villageCode: area }))

/**
 * The stored users, by id: the one way an app turns "who is calling" (an API token's
 * user, the command line's `--as`) into the acting user with their role and scope.
 */
export class Users extends Context.Tag("@phungpao/domain/Access/Users")<
  Users,
  { readonly get: (id: string) => Effect.Effect<Option.Option<Actor.Actor>> }
>() {}

/** The acting user for a stored user's id, or `UnknownUser`. */
export const resolve = (id: string): Effect.Effect<Actor.Actor, UnknownUser, Users> =>
  Effect.flatMap(Users, (users) =>
    Effect.flatMap(users.get(id), Option.match({ onNone: () => Effect.fail(new UnknownUser({ id })), onSome: Effect.succeed })))
