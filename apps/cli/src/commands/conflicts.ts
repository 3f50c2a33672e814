/**
 * `phungpao conflicts --round R`: the citizen IDs that more than one household of a round
 * lists (what an import refuses from then on, but older data or another writer may hold),
 * each masked, with every household and the member's place in it, for staff to resolve.
 */
import { CitizenId, SurveyImport } from "@phungpao/domain"
import * as Cli from "../Cli.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"

export const options = {
  round: { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals.length > 0) throw new Cli.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.round === undefined) throw new Cli.UsageError("--round is required")
  const round = Cli.wholeNumber("round", values.round, 0)
  const { format, lang } = Cli.output(values)
  const conflicts = (await Registry.run(SurveyImport.conflicts(Registry.actor, round))).map((c) => ({
    citizenId: CitizenId.mask(c.citizenId),
    households: c.holders.map((h) => ({ houseCode: h.houseCode, member: h.member }))
  }))
  if (format === "json") {
    await Cli.write(process.stdout, `${JSON.stringify({ round, conflicts }, null, 2)}\n`)
    return 0
  }
  const th = lang === "th"
  const spec = [
    { header: th ? "เลขประจำตัวประชาชน" : "citizen ID", align: "left" as const },
    { header: th ? "ครัวเรือน (สมาชิกลำดับที่)" : "households (member)", align: "left" as const }
  ]
  const rows = conflicts.map((c) => [c.citizenId, c.households.map((h) => `${h.houseCode} (members[${h.member}])`).join(", ")])
  const cols = Table.fit(spec, rows)
  const summary = th
    ? `รอบ ${round}: เลขประจำตัวประชาชนที่อยู่ในหลายครัวเรือน ${Table.count(conflicts.length)} เลข`
    : `round ${round}: ${Table.count(conflicts.length)} citizen ID(s) in more than one household`
  await Cli.write(process.stdout, conflicts.length === 0 ? `${summary}\n` : `${Table.header(cols)}\n${rows.map((r) => `${Table.row(cols, r)}\n`).join("")}\n${summary}\n`)
  return 0
}
