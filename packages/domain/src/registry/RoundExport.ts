/**
 * A round's survey records in full, as the province exports them (a file to keep, or to
 * import elsewhere): personal data unmasked, so only the roles `Access.table.exportRound`
 * allows, and only within the actor's areas.
 */
import * as Effect from "effect/Effect"
import * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import { HouseholdRegistry } from "./Registry.js"

/**
 * One page of a round's records in house-code order, after `after` (the last house code
 * of the page before), through `through` when given (a part of the round): a writer pulls
 * pages as it needs them.
 *
 * @example RoundExport.page(province, 2564, undefined, 2000) // the first 2,000 records
 */
export const page = (actor: Actor.Actor, round: number, after: string | undefined, limit: number, through?: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "exportRound")
    const registry = yield* HouseholdRegistry
    return yield* registry.page(round, {
      ...(after === undefined ? {} : { after }),
      ...(through === undefined ? {} : { through }),
      limit,
      areas: actor.scope
    })
  })
