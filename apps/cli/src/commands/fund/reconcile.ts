/** `fund reconcile STATEMENT.csv`: a bank statement matched against the fund's receipts and payments. */
import { type BankStatement, FundCommands, Reconciliation } from "@phungpao/domain"
import { BankStatementFile } from "@phungpao/files"
import * as Cli from "../../Cli.js"
import * as Print from "./print.js"
import { acting, common } from "./run.js"

const { text } = Cli

export const reconcile = async (args: ReadonlyArray<string>) => {
  const { values, positionals } = Cli.parse(args, { ...common, as: { type: "string" }, "token-file": { type: "string" }, encoding: { type: "string" } })
  const { format, lang } = Cli.output(values)
  if (positionals.length !== 1) throw new Cli.UsageError("fund reconcile: expected one STATEMENT.csv")
  const file = Cli.readable(positionals[0])
  const encoding = text(values, "encoding")
  if (encoding !== undefined && !["utf-8", "tis-620", "windows-874"].includes(encoding)) {
    throw new Cli.UsageError(`--encoding ${encoding}: expected utf-8, tis-620 or windows-874`)
  }
  let lines: ReadonlyArray<BankStatement.Line>
  let rejected = 0
  try {
    const read = await BankStatementFile.collect(BankStatementFile.read(file, encoding === undefined ? {} : { encoding: encoding as "utf-8" }))
    lines = read.lines
    rejected = read.rejected.length
    for (const r of read.rejected) process.stderr.write(`${file}: row ${r.line}: ${r.field}: ${r.reason}\n`)
  } catch (e) {
    if (e instanceof Error && "_tag" in e && e._tag === "UnreadableFile") throw new Cli.UsageError(e.message)
    throw e
  }
  const result = await acting(values, (actor) => FundCommands.reconcile(actor, lines))
  await Cli.write(process.stdout, format === "json" ? `${JSON.stringify({ ...result, rejectedLines: rejected }, null, 2)}\n` : Print.reconciliation(result, rejected, lang))
  return rejected > 0 || !Reconciliation.clean(result) ? 1 : 0
}
