/** `fund balances` and `fund report committee|public`: what the pools hold, and the two reports. */
import { FundCommands } from "@phungpao/domain"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, books, common } from "./run.js"

const { text } = Cli

export const balances = async (args: ReadonlyArray<string>) => {
  const { values } = Cli.parse(args, common)
  const { format, lang } = Cli.output(values)
  const stored = await books(FundCommands.balances)
  if (format === "json") await Cli.write(process.stdout, `${JSON.stringify(stored, null, 2)}\n`)
  else await Cli.write(process.stdout, Print.balances(stored, lang))
  return 0
}

export const report = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" } })
  const which = positionals[0]
  if ((which !== "committee" && which !== "public") || positionals.length !== 1) {
    throw new Cli.UsageError("expected 'fund report committee' or 'fund report public'")
  }
  const format = text(values, "format") ?? "table"
  if (format !== "json" && format !== "csv" && format !== "table") throw new Cli.UsageError(`--format ${format}: expected json, csv or table`)
  const { lang } = Cli.output({ lang: text(values, "lang") })
  const out =
    which === "committee"
      ? { committee: await acting(values, FundCommands.committeeReport) }
      : { public: await books(FundCommands.publicReport) }
  const rendered = "committee" in out ? Print.committee(out.committee, format, lang) : Print.publicReport(out.public, format, lang)
  await Cli.write(process.stdout, rendered)
  return 0
}
