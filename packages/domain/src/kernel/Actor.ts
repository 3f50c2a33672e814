/**
 * Who is acting, and over which areas: every use case takes one, so the API and the
 * worker can enforce roles and area scope without the core changing. The command line
 * acts as the provincial centre's operator over the whole country unless told otherwise.
 */
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
