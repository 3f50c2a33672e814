/**
 * `fund configure` (the fund's first settings: quorum, committee, treasurers, ceilings; the
 * provincial centre's, once) and `fund settings propose|approve|show`: a later change is
 * proposed by the provincial centre and applied when the committee in office approves it
 * with its quorum; every proposal and approval stays in the books.
 */
import { FundCommands, FundRequest, SettingsChange } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, common, show, writes } from "./run.js"

const { baht, decode, keyOf, required } = Cli

const settingsOptions = {
  ...writes,
  quorum: { type: "string" },
  committee: { type: "string" },
  treasurers: { type: "string" },
  ceiling: { type: "string" },
  cap: { type: "string" }
} as const

/** The settings the options give, decoded by the domain's schema. */
const settingsOf = (values: Cli.Values, what: string) => {
  const list = (name: string) => required(values, name, what).split(",").map((s) => s.trim()).filter((s) => s !== "")
  return decode(FundRequest.Settings, what, {
    quorum: Cli.wholeNumber("quorum", required(values, "quorum", what), 1),
    committee: list("committee"),
    treasurers: list("treasurers"),
    ceilingPerRequest: baht(values, "ceiling", what),
    capPerHouseholdPerFiscalYear: baht(values, "cap", what)
  })
}

export const configure = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, settingsOptions)
  const { format, lang } = Cli.output(values)
  const settings = settingsOf(values, "fund configure")
  const key = keyOf(values, lang)
  const stored = await acting(values, (actor) => FundCommands.configure(actor, key, settings))
  return show(format, FundRequest.Settings, stored, Print.settingsLine(stored, lang))
}

export const settings = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "propose") {
    const { values } = Cli.parse(rest, settingsOptions)
    const { format, lang } = Cli.output(values)
    const proposed = settingsOf(values, "fund settings propose")
    const key = keyOf(values, lang)
    const change = await acting(values, (actor) => FundCommands.proposeSettings(actor, key, { settings: proposed }))
    return show(format, SettingsChange.Change, change, Print.changeLine(change, lang))
  }
  if (verb === "approve") {
    const { values, positionals } = Cli.parse(rest, writes)
    const { format, lang } = Cli.output(values)
    const id = positionals[0]
    if (id === undefined || positionals.length !== 1) throw new Cli.UsageError("fund settings approve: expected one settings change id (S-n)")
    const change = decode(SettingsChange.ChangeId, "fund settings approve", id)
    const key = keyOf(values, lang)
    const approved = await acting(values, (actor) => FundCommands.approveSettings(actor, key, { change }))
    return show(format, SettingsChange.Change, approved, Print.changeLine(approved, lang))
  }
  if (verb === "show") {
    const { values } = Cli.parse(rest, { ...common, as: writes.as, "token-file": writes["token-file"] })
    const { format, lang } = Cli.output(values)
    const { current, changes } = await acting(values, (actor) =>
      Effect.all({ changes: FundCommands.settingsChanges(actor), current: FundCommands.settings }))
    if (format === "json") {
      await Cli.write(process.stdout, `${JSON.stringify(Schema.encodeSync(Shown)({ settings: current, changes }), null, 2)}\n`)
      return 0
    }
    await Cli.write(process.stdout, `${Print.settingsNow(current, lang)}\n${Print.changes(changes, lang)}`)
    return 0
  }
  throw new Cli.UsageError("expected 'fund settings propose …', 'fund settings approve S-n' or 'fund settings show'")
}

const Shown = Schema.Struct({ settings: FundRequest.Settings, changes: Schema.Array(SettingsChange.Change) })
