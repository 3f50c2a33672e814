/** `fund pledge`: what a contributor promised to give and by when, and how much of it has come in. */
import { type CalendarDate, FundCommands, Pledge } from "@phungpao/domain"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, common, show, writes } from "./run.js"

const { baht, day, decode, keyOf, required, today } = Cli

export const pledge = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: { type: "string" }, "token-file": { type: "string" }, on: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const on = day(values, "on", "fund pledge list", today()) as CalendarDate.IsoDate
    const listed = await acting(values, (actor) => FundCommands.pledges(actor, on))
    const states = listed.map(({ pledge, state }) => ({ pledge: Schema.encodeSync(Pledge.Pledge)(pledge), state }))
    if (format === "json") await Cli.write(process.stdout, `${JSON.stringify(states, null, 2)}\n`)
    else await Cli.write(process.stdout, Print.pledges(listed.map((l) => l.pledge), listed.map((l) => l.state), lang))
    return 0
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund pledge add' or 'fund pledge list'")
  const { values } = Cli.parse(rest, { ...writes, contributor: { type: "string" }, amount: { type: "string" }, due: { type: "string" }, on: { type: "string" } })
  const { format, lang } = Cli.output(values)
  const input = decode(Pledge.Input, "fund pledge add", {
    contributor: required(values, "contributor", "fund pledge add"),
    amount: baht(values, "amount", "fund pledge add"),
    due: day(values, "due", "fund pledge add"),
    pledgedOn: day(values, "on", "fund pledge add", today())
  })
  const key = keyOf(values, lang)
  const made = await acting(values, (actor) => FundCommands.pledge(actor, key, input))
  return show(format, Pledge.Pledge, made, Print.pledgeLine(made, lang))
}
