/** `phungpao diff --from R1 --to R2`: what changed between two evaluated survey rounds. */
import { RoundDiff } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Cli from "../Cli.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"
import { ruleSetOf } from "./evaluate.js"

export const options = {
  from: { type: "string" },
  to: { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  param: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" }
} as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals.length > 0) throw new Cli.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.from === undefined || values.to === undefined) throw new Cli.UsageError("--from and --to are required")
  const from = Cli.wholeNumber("from", values.from, 0)
  const to = Cli.wholeNumber("to", values.to, 0)
  const { format, lang } = Cli.output(values)
  const ruleSet = ruleSetOf(values.param)
  const changes: Array<RoundDiff.Change> = []
  await Registry.run(RoundDiff.run(Registry.actor, from, to, ruleSet.key, (c) => Effect.sync(() => changes.push(c))))
  const counts = Object.fromEntries(RoundDiff.Kind.literals.map((k) => [k, changes.filter((c) => c.change === k).length]))
  if (format === "json") {
    await Cli.write(process.stdout, `${JSON.stringify({ from, to, ruleSet: ruleSet.key, counts, changes }, null, 2)}\n`)
    return 0
  }
  const th = lang === "th"
  const spec = [
    { header: th ? "รหัสบ้าน" : "house code", align: "left" as const },
    { header: th ? "หมู่บ้าน" : "village", align: "left" as const },
    { header: th ? "การเปลี่ยนแปลง" : "change", align: "left" as const },
    { header: th ? "ตัวชี้วัด" : "indicators", align: "left" as const }
  ]
  const rows = changes.map((c) => [c.houseCode, c.villageCode, Lang.pick(lang, RoundDiff.kindLabel[c.change]), c.indicators.join(", ")])
  const cols = Table.fit(spec, rows)
  const summary = RoundDiff.Kind.literals.map((k) => `${Lang.pick(lang, RoundDiff.kindLabel[k])} ${Table.count(counts[k] ?? 0)}`).join(" · ")
  await Cli.write(process.stdout, `${Table.header(cols)}\n${rows.map((r) => `${Table.row(cols, r)}\n`).join("")}\n${th ? `รอบ ${from} → ${to}` : `round ${from} → ${to}`}: ${summary}\n`)
  return 0
}
