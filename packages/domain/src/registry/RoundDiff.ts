/**
 * What changed between two survey rounds under one rule set: households that appeared or
 * vanished, became or stopped being targets, and newly fail or newly pass indicators.
 * Both rounds' stored decisions are read in house-code order and merged, so memory holds
 * a page of each, not the rounds.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import type { Decision } from "../survey/Decision.js"
import { DecisionStore, type StoredDecision } from "./Registry.js"
import { NotEvaluated } from "./RoundEvaluation.js"
import type { Paging } from "./RoundReport.js"

export const Kind = Schema.Literal("appeared", "vanished", "becameTarget", "stoppedTarget", "newlyFails", "newlyPasses")
export type Kind = typeof Kind.Type

/** One change of one household; `indicators` for newlyFails / newlyPasses. */
export interface Change {
  readonly houseCode: string
  readonly villageCode: string
  readonly change: Kind
  readonly indicators: ReadonlyArray<number>
}

/** Thai and English names of the kinds of change. */
export const kindLabel: Record<Kind, { readonly th: string; readonly en: string }> = {
  appeared: { th: "ครัวเรือนใหม่", en: "appeared" },
  vanished: { th: "ไม่พบในรอบใหม่", en: "vanished" },
  becameTarget: { th: "กลายเป็นเป้าหมาย", en: "became target" },
  stoppedTarget: { th: "พ้นจากเป้าหมาย", en: "no longer target" },
  newlyFails: { th: "ตกเกณฑ์ใหม่", en: "newly fails" },
  newlyPasses: { th: "ผ่านเกณฑ์ใหม่", en: "newly passes" }
}

const statuses = (d: Decision) => new Map(d.indicators.map((r) => [r.indicator, r.status]))

/** The changes of one household present in both rounds. */
export const compare = (before: Decision, after: Decision, villageCode: string): ReadonlyArray<Change> => {
  const changes: Array<Change> = []
  const was = statuses(before)
  const now = statuses(after)
  const base = { houseCode: after.houseCode, villageCode }
  if (!before.target && after.target) changes.push({ ...base, change: "becameTarget", indicators: [] })
  if (before.target && !after.target) changes.push({ ...base, change: "stoppedTarget", indicators: [] })
  const fails = [...now].filter(([i, s]) => s === "fail" && was.get(i) !== "fail").map(([i]) => i)
  const passes = [...now].filter(([i, s]) => s === "pass" && was.get(i) === "fail").map(([i]) => i)
  if (fails.length > 0) changes.push({ ...base, change: "newlyFails", indicators: fails })
  if (passes.length > 0) changes.push({ ...base, change: "newlyPasses", indicators: passes })
  return changes
}

/** A cursor over one round's stored decisions, one page in memory at a time. */
const cursor = (store: DecisionStore["Type"], actor: Actor.Actor, round: number, ruleSetKey: string, paging: Required<Pick<Paging, "pageSize">> & Paging) => {
  const pageSize = paging.pageSize
  let page: ReadonlyArray<StoredDecision> = []
  let index = 0
  let after: string | undefined = paging.after
  let exhausted = false
  return Effect.gen(function* () {
    if (index >= page.length && !exhausted) {
      page = yield* store.page(round, ruleSetKey, { ...(after === undefined ? {} : { after }), limit: pageSize, areas: actor.scope })
      index = 0
      if (page.length < pageSize) exhausted = true
      if (page.length > 0) after = page[page.length - 1]!.decision.houseCode
    }
    return index < page.length ? page[index++] : undefined
  })
}

/**
 * Every change from round `from` to round `to`, in house-code order, passed to `each`;
 * after `paging.after` (the last house code handled) when resuming.
 *
 * @example RoundDiff.run(Actor.system(), 2564, 2565, "tpmap-2565", (c) => Effect.log(c))
 */
export const run = <E, R>(
  actor: Actor.Actor,
  from: number,
  to: number,
  ruleSetKey: string,
  each: (change: Change) => Effect.Effect<void, E, R>,
  paging: Paging = {}
) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    const store = yield* DecisionStore
    for (const round of [from, to]) {
      const evaluations = yield* store.evaluations(round)
      if (!evaluations.some((e) => e.ruleSetKey === ruleSetKey)) return yield* new NotEvaluated({ round, ruleSetKey })
    }
    const both = { pageSize: paging.pageSize ?? 5000, ...(paging.after === undefined ? {} : { after: paging.after }) }
    const left = cursor(store, actor, from, ruleSetKey, both)
    const right = cursor(store, actor, to, ruleSetKey, both)
    let a = yield* left
    let b = yield* right
    while (a !== undefined || b !== undefined) {
      if (b === undefined || (a !== undefined && a.decision.houseCode < b.decision.houseCode)) {
        yield* each({ houseCode: a!.decision.houseCode, villageCode: a!.villageCode, change: "vanished", indicators: [] })
        a = yield* left
      } else if (a === undefined || b.decision.houseCode < a.decision.houseCode) {
        yield* each({ houseCode: b.decision.houseCode, villageCode: b.villageCode, change: "appeared", indicators: [] })
        b = yield* right
      } else {
        for (const change of compare(a.decision, b.decision, b.villageCode)) yield* each(change)
        a = yield* left
        b = yield* right
      }
    }
  })
