/** `fund receipt`: money in by the bank's reference, into a pool, and its reversal. */
import { FundCommands, Receipt } from "@phungpao/domain"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { common, poolOf, show, acting, writes } from "./run.js"

const { baht, day, decode, keyOf, required, text } = Cli

export const receipt = async (args: ReadonlyArray<string>) => {
  const [verb, ...rest] = args
  if (verb === "list") {
    const { values } = Cli.parse(rest, { ...common, as: writes.as, "token-file": writes["token-file"] })
    const { format, lang } = Cli.output(values)
    const all = await acting(values, FundCommands.receipts)
    if (format === "json") return show(format, Schema.Array(Receipt.Receipt), all, "")
    await Cli.write(process.stdout, Print.receipts(all, lang))
    return 0
  }
  if (verb === "reverse") {
    const { values, positionals } = Cli.parse(rest, { ...writes, reason: { type: "string" } })
    const { format, lang } = Cli.output(values)
    const input = decode(FundCommands.ReverseReceipt, "fund receipt reverse", { receipt: positionals[0], reason: required(values, "reason", "fund receipt reverse") })
    const key = keyOf(values, lang)
    const reversed = await acting(values, (actor) => FundCommands.reverseReceipt(actor, key, input))
    return show(format, Receipt.Receipt, reversed, Print.receiptLine(reversed, lang))
  }
  if (verb !== "add") throw new Cli.UsageError("expected 'fund receipt add', 'fund receipt reverse' or 'fund receipt list'")
  const { values } = Cli.parse(rest, {
    ...writes,
    reference: { type: "string" },
    date: { type: "string" },
    amount: { type: "string" },
    "pool-purpose": { type: "string" },
    "pool-area": { type: "string" },
    contributor: { type: "string" },
    pledge: { type: "string" }
  })
  const { format, lang } = Cli.output(values)
  const input = decode(Receipt.Input, "fund receipt add", {
    bankReference: required(values, "reference", "fund receipt add"),
    valueDate: day(values, "date", "fund receipt add"),
    amount: baht(values, "amount", "fund receipt add"),
    pool: poolOf(values),
    ...(text(values, "contributor") === undefined ? {} : { contributor: text(values, "contributor") }),
    ...(text(values, "pledge") === undefined ? {} : { pledge: text(values, "pledge") })
  })
  const key = keyOf(values, lang)
  const recorded = await acting(values, (actor) => FundCommands.recordReceipt(actor, key, input))
  return show(format, Receipt.Receipt, recorded, Print.receiptLine(recorded, lang))
}
