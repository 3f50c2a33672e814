/**
 * `plan`: a household's plan of actions by the four parts (4T), agreed, actions moved on,
 * and problems marked as resolved by the household or beyond what the area can do.
 */
import { Journey, JourneyCommands as J, Plan, Problem } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import { money, show } from "./print.js"
import { actorOf, indicators, journey, writes } from "./run.js"

const { baht, day, decode, keyOf, required, text, today } = Cli

export const plan = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "add-action") {
    const { values } = Cli.parse(rest, {
      ...writes,
      house: { type: "string" },
      part: { type: "string" },
      description: { type: "string" },
      problems: { type: "string" },
      agency: { type: "string" },
      team: { type: "string" },
      "budget-source": { type: "string" },
      cost: { type: "string" },
      due: { type: "string" }
    })
    const { format, lang } = Cli.output(values)
    const what = "plan add-action"
    if ((text(values, "agency") === undefined) === (text(values, "team") === undefined)) throw new Cli.UsageError(`${what}: give --agency CODE or --team ID (who is responsible)`)
    const input = decode(Plan.ActionInput, what, {
      houseCode: required(values, "house", what),
      part: required(values, "part", what),
      description: required(values, "description", what),
      problems: indicators(values, "problems", what),
      responsible: text(values, "agency") === undefined ? { _tag: "team", id: text(values, "team") } : { _tag: "agency", code: text(values, "agency") },
      budgetSource: required(values, "budget-source", what),
      plannedCost: baht(values, "cost", what, "0"),
      due: day(values, "due", what)
    })
    const key = keyOf(values, lang)
    const a = await journey(Effect.flatMap(actorOf(values), (actor) => J.addPlanAction(actor, key, input)))
    return show(format, Plan.Action, a, `${a.id} · ${a.houseCode} · ${Lang.pick(lang, Plan.fourTLabel[a.part])} · ${money(a.plannedCost)} · ${a.due}`)
  }
  if (verb === "agree") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.AgreePlan, "plan agree", { houseCode: required(values, "house", "plan agree"), on: day(values, "on", "plan agree", today()) })
    const key = keyOf(values, lang)
    const h = await journey(Effect.flatMap(actorOf(values), (actor) => J.agreePlan(actor, key, input)))
    return show(format, Journey.Household, h, `${h.houseCode}: ${Lang.pick(lang, Journey.stepLabel.planned)}`)
  }
  if (verb === "action-status") {
    const { values } = Cli.parse(rest, { ...writes, action: { type: "string" }, status: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(J.SetActionStatus, "plan action-status", { action: required(values, "action", "plan action-status"), status: required(values, "status", "plan action-status") })
    const key = keyOf(values, lang)
    const a = await journey(Effect.flatMap(actorOf(values), (actor) => J.setActionStatus(actor, key, input)))
    return show(format, Plan.Action, a, `${a.id}: ${Lang.pick(lang, Plan.actionStatusLabel[a.status])}`)
  }
  if (verb === "mark-problem") {
    const { values } = Cli.parse(rest, { ...writes, house: { type: "string" }, indicator: { type: "string" }, status: { type: "string" }, reason: { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const what = "plan mark-problem"
    const input = decode(J.MarkProblem, what, {
      houseCode: required(values, "house", what),
      indicator: Cli.wholeNumber("indicator", required(values, "indicator", what), 1),
      as: required(values, "status", what),
      reason: required(values, "reason", what),
      on: day(values, "on", what, today())
    })
    const key = keyOf(values, lang)
    const p = await journey(Effect.flatMap(actorOf(values), (actor) => J.markProblem(actor, key, input)))
    return show(format, Problem.Problem, p, `${p.houseCode} ${p.indicator}: ${Lang.pick(lang, Problem.statusLabel[input.as])}`)
  }
  throw new Cli.UsageError("expected 'plan add-action', 'plan agree', 'plan action-status' or 'plan mark-problem'")
}
