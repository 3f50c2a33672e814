/**
 * Who does the journey's work: subdistrict operation teams (ทีมปฏิบัติการระดับตำบล) and
 * mentor teams (ทีมพี่เลี้ยง) with their members and the area they serve, and the users
 * with a role and an area scope (stored now so the API can enforce them later). A mentor
 * team is assigned to households inside its area, one by one or all of an area at once.
 */
import * as Schema from "effect/Schema"
import * as Actor from "../kernel/Actor.js"
import * as Agency from "./Agency.js"
import * as Area from "../kernel/Area.js"

export const TeamId = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { identifier: "TeamId", description: "letters, digits, dot, dash, underscore" }),
  Schema.brand("TeamId")
)
export type TeamId = typeof TeamId.Type

export const TeamKind = Schema.Literal("subdistrictOperation", "mentor")
export type TeamKind = typeof TeamKind.Type

/** Thai and English names of the kinds of team, for labels. */
export const teamKindLabel: Record<TeamKind, { readonly th: string; readonly en: string }> = {
  subdistrictOperation: { th: "ทีมปฏิบัติการระดับตำบล", en: "subdistrict operation team" },
  mentor: { th: "ทีมพี่เลี้ยง", en: "mentor team" }
}

export const TeamMember = Schema.Struct({
  /** The user id when the member signs in; a name alone otherwise. */
  userId: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  name: Schema.NonEmptyTrimmedString,
  /** The agency the member comes from, if any. */
  agency: Schema.optionalWith(Agency.AgencyCode, { exact: true })
}).annotations({ identifier: "TeamMember" })
export type TeamMember = typeof TeamMember.Type

export const Team = Schema.Struct({
  id: TeamId,
  kind: TeamKind,
  name: Schema.NonEmptyTrimmedString,
  /** The area served: a subdistrict for an operation team, any area for a mentor team. */
  area: Area.AreaCode,
  members: Schema.Array(TeamMember)
}).annotations({ identifier: "Team" })
export type Team = typeof Team.Type

export const User = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString,
  role: Actor.Role,
  /** Area codes the user acts on; "" is the whole country. */
  scope: Schema.Array(Schema.String),
  agency: Schema.optionalWith(Agency.AgencyCode, { exact: true }),
  team: Schema.optionalWith(TeamId, { exact: true })
}).annotations({ identifier: "User" })
export type User = typeof User.Type

/** The actor a stored user acts as. @example actor(user).scope // user.scope */
export const actor = (user: User): Actor.Actor => ({ id: user.id, role: user.role, scope: user.scope })

/** The team serves an area outside the one a household lives in. */
export class TeamOutsideArea extends Schema.TaggedError<TeamOutsideArea>()("TeamOutsideArea", {
  teamId: Schema.String,
  teamArea: Schema.String,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `team ${this.teamId} serves area ${this.teamArea}, not village ${this.villageCode}`
  }
}

/** Only a mentor team is assigned to households. */
export class NotMentorTeam extends Schema.TaggedError<NotMentorTeam>()("NotMentorTeam", {
  teamId: Schema.String,
  kind: Schema.String
}) {
  override get message(): string {
    return `team ${this.teamId} is a ${this.kind} team; only a mentor team is assigned to households`
  }
}

/**
 * Why `team` may not be a household's mentor team in `villageCode`, or `undefined`.
 *
 * @example assignable({ ...team, kind: "mentor", area: "3301" }, "33010101") // undefined
 */
export const assignable = (team: Team, villageCode: string): TeamOutsideArea | NotMentorTeam | undefined =>
  team.kind !== "mentor"
    ? new NotMentorTeam({ teamId: team.id, kind: team.kind })
    : Area.contains(team.area, villageCode as Area.AreaCode)
      ? undefined
      : new TeamOutsideArea({ teamId: team.id, teamArea: team.area, villageCode })
