/**
 * Who is acting, and over which areas: every use case takes one, so the API and the
 * worker can enforce roles and area scope without the core changing. The command line
 * acts as the provincial centre's operator over the whole country unless told otherwise.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Area from "./Area.js"

export const Role = Schema.Literal(
  "provincialCentre",
  "districtCentre",
  "subdistrictTeam",
  "mentor",
  "agencyOfficer",
  "fundCommittee",
  "treasurer",
  "auditor",
  "system"
)
export type Role = typeof Role.Type

export const Actor = Schema.Struct({
  id: Schema.String,
  role: Role,
  /** Area codes the actor may act on; the empty code "" is the whole country. */
  scope: Schema.Array(Schema.String)
}).annotations({ identifier: "Actor" })
export type Actor = typeof Actor.Type

/** The operator of a command line or batch job: the whole country. */
export const system = (id = "system"): Actor => ({ id, role: "system", scope: [""] })

/** Whether an area code lies in the actor's scope. @example inScope(system(), "33010101") // true */
export const inScope = (actor: Actor, code: string): boolean =>
  actor.scope.some((area) => area === "" || Area.contains(area as Area.AreaCode, code as Area.AreaCode))

/** The actor asked for an area (a village, a household's village, a district) outside the areas they act on. */
export class OutOfScope extends Schema.TaggedError<OutOfScope>()("OutOfScope", {
  actorId: Schema.String,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `area ${this.villageCode} is outside the areas of ${this.actorId}`
  }
}

/**
 * The actor acting on `area` alone: refused unless the area lies inside the actor's
 * scope, so narrowing never widens (a district user asking for the province is refused).
 *
 * @example narrow(districtUser3301, "330101") // Effect of { ...districtUser3301, scope: ["330101"] }
 */
export const narrow = (actor: Actor, area: string): Effect.Effect<Actor, OutOfScope> =>
  inScope(actor, area) ? Effect.succeed({ ...actor, scope: [area] }) : Effect.fail(new OutOfScope({ actorId: actor.id, villageCode: area }))
