/** `fund configure`: the fund's settings (quorum, committee, treasurers, ceilings), as the committee sets them. */
import { FundCommands, FundRequest } from "@phungpao/domain"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, show, writes } from "./run.js"

const { baht, decode, keyOf, required } = Cli

export const configure = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, {
    ...writes,
    quorum: { type: "string" },
    committee: { type: "string" },
    treasurers: { type: "string" },
    ceiling: { type: "string" },
    cap: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const list = (name: string) => required(values, name, "fund configure").split(",").map((s) => s.trim()).filter((s) => s !== "")
  const settings = decode(FundRequest.Settings, "fund configure", {
    quorum: Cli.wholeNumber("quorum", required(values, "quorum", "fund configure"), 1),
    committee: list("committee"),
    treasurers: list("treasurers"),
    ceilingPerRequest: baht(values, "ceiling", "fund configure"),
    capPerHouseholdPerFiscalYear: baht(values, "cap", "fund configure")
  })
  const key = keyOf(values, lang)
  const stored = await acting(values, (actor) => FundCommands.configure(actor, key, settings))
  return show(format, FundRequest.Settings, stored, Print.settingsLine(stored, lang))
}
