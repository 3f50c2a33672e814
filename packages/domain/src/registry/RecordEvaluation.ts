/**
 * Deciding survey records sent by a caller, stored nowhere: one record or an array of them,
 * each validated (`SurveyRecord.decode`) and decided under a rule set, the members' citizen
 * IDs masked unless the caller may see them and asks to. The API's `POST /v1/evaluate`.
 *
 * A pure function, with no port: the answer is computed where it is asked for. Putting an
 * unmasked read on record (`Audit.record`) is the caller's next step, with the house codes
 * `houseCodes` gives.
 */
import * as Either from "effect/Either"
import * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import * as Decision from "../survey/Decision.js"
import * as RuleSet from "../survey/RuleSet.js"
import * as SurveyRecord from "../survey/SurveyRecord.js"

export interface Options {
  /** The rule set to decide under (`RuleSet.resolve` with what-if parameters). */
  readonly ruleSet: RuleSet.RuleSet
  /** Citizen IDs in full: the caller must hold the right to unmask. */
  readonly unmask: boolean
  /** At most this many records in an array. */
  readonly limit: number
}

/** One decision for one record; an array of them, in order, for an array. */
export type Decided = Decision.Decision | ReadonlyArray<Decision.Decision>

/**
 * The decisions of `input` (one record, or an array of at most `limit`), or the first
 * refusal: the caller's right to read reports (and to unmask, when asked), then the first
 * record that is not valid, named by its place (`[3].members[0].birthDate`).
 *
 * @example decide(actor, record, { ruleSet: RuleSet.tpmap2565, unmask: false, limit: 1000 })
 */
export const decide = (
  actor: Actor.Actor,
  input: unknown,
  options: Options
): Either.Either<Decided, Access.NotPermitted | SurveyRecord.InvalidRecord> => {
  if (!Access.permits(actor, "readReport")) return Either.left(new Access.NotPermitted({ actorId: actor.id, action: "readReport" }))
  if (options.unmask && !Access.permits(actor, "unmask")) return Either.left(new Access.NotPermitted({ actorId: actor.id, action: "unmask" }))
  const many = Array.isArray(input)
  const values: ReadonlyArray<unknown> = many ? (input as ReadonlyArray<unknown>) : [input]
  if (many && values.length > options.limit) {
    return Either.left(new SurveyRecord.InvalidRecord({ path: "(body)", reason: `holds ${values.length} records; at most ${options.limit} in one request` }))
  }
  const decisions: Array<Decision.Decision> = []
  for (let i = 0; i < values.length; i++) {
    const decoded = SurveyRecord.decode(values[i])
    if (decoded._tag === "Left") {
      return Either.left(new SurveyRecord.InvalidRecord({ path: many ? `[${i}].${decoded.left.path}` : decoded.left.path, reason: decoded.left.reason }))
    }
    const decision = RuleSet.evaluate(options.ruleSet, decoded.right)
    decisions.push(options.unmask ? decision : Decision.masked(decision))
  }
  return Either.right(many ? decisions : decisions[0]!)
}

/** The house codes of what `decide` answered: what an unmasked read puts on record. */
export const houseCodes = (decided: Decided): ReadonlyArray<string> =>
  Array.isArray(decided) ? (decided as ReadonlyArray<Decision.Decision>).map((d) => d.houseCode) : [(decided as Decision.Decision).houseCode]
