/** `phungpao report FILE --by LEVEL`: Alkire–Foster figures per area, sorted by area code. */
import { Area, AreaFigures, Dimension, RoundReport } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Cli from "../Cli.js"
import * as Input from "../Input.js"
import * as Lang from "../Lang.js"
import * as Pool from "../Pool.js"
import * as Registry from "../Registry.js"
import { ruleSetOf } from "./evaluate.js"
import * as Table from "../Table.js"

export const options = {
  round: { type: "string" },
  by: { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  param: { type: "string", multiple: true },
  jobs: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

/** One area's line of the report; its JSON form is the contract of `--format json`. */
export type Line = RoundReport.Line

/** The JSON line of an area: exactly the contract's fields, in its order. */
export const line = (area: string, f: AreaFigures.Figures): Line => RoundReport.line(area, f, Geography.lookup)

const human = (areas: ReadonlyArray<readonly [string, AreaFigures.Figures]>, by: Area.Level, lang: Lang.Lang): string => {
  const th = lang === "th"
  const spec = [
    { header: th ? "รหัส" : "code", align: "left" as const },
    { header: Lang.pick(lang, Area.levelLabel[by]), align: "left" as const },
    { header: th ? "ครัวเรือน" : "households", align: "right" as const },
    { header: th ? "คน" : "persons", align: "right" as const },
    { header: th ? "จนตามสำรวจ" : "survey-poor", align: "right" as const },
    { header: th ? "เป้าหมาย" : "target", align: "right" as const },
    { header: th ? "คนในครัวเรือนเป้าหมาย" : "people in target households", align: "right" as const },
    { header: "H", align: "right" as const },
    { header: "A", align: "right" as const },
    { header: "M0", align: "right" as const },
    ...Dimension.all.map((d) => ({ header: Lang.pick(lang, Dimension.label[d]), align: "right" as const }))
  ]
  const rows = areas.map(([area, l]) => [
    area,
    Geography.lookup(area)?.[th ? "nameTh" : "nameEn"] ?? (th ? "(ไม่พบชื่อ)" : "(unknown)"),
    Table.count(l.households),
    Table.count(l.persons),
    Table.count(l.surveyPoor),
    Table.count(l.target),
    Table.count(l.targetPersons),
    Table.percent(l.H),
    l.A.toFixed(3),
    l.M0.toFixed(4),
    ...Dimension.all.map((d) => Table.count(l.dimensions[d]))
  ])
  const cols = Table.fit(spec, rows)
  return `${Table.header(cols)}\n${rows.map((r) => Table.row(cols, r)).join("\n")}\n`
}

/** The report as the command prints it: the JSON contract, or a table for people. */
export const print = (
  areas: ReadonlyArray<readonly [string, AreaFigures.Figures]>,
  by: Area.Level,
  format: "json" | "table",
  lang: Lang.Lang
): string => (format === "json" ? `${JSON.stringify(areas.map(([a, f]) => line(a, f)), null, 2)}\n` : human(areas, by, lang))

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const by = (values.by ?? "district") as Area.Level
  if (!Area.levels.includes(by)) throw new Cli.UsageError(`--by ${values.by}: expected province, district, subdistrict or village`)
  const { format, lang } = Cli.output(values)
  if (values.round !== undefined) {
    if (positionals.length > 0) throw new Cli.UsageError("give either FILE or --round, not both")
    const round = Cli.wholeNumber("round", values.round, 0)
    const ruleSet = ruleSetOf(values.param)
    const tallies = await Registry.run(RoundReport.tallies(Registry.actor, round, ruleSet.key, by))
    await Cli.write(process.stdout, print(tallies.map(([area, t]) => [area, AreaFigures.figures(t)] as const), by, format, lang))
    return 0
  }
  if (positionals.length > 1) throw new Cli.UsageError(`expected one FILE, got ${positionals.length}`)
  const file = Cli.readable(positionals[0])
  const parameters = Cli.parameters(values.param)
  const workers = Cli.workers(values.jobs)
  const tallies = new Map<string, AreaFigures.Tally>()
  let seen = 0
  let rejected = 0
  const progress = Cli.progress((n) => `${Table.count(n)} ${lang === "th" ? "ครัวเรือน" : "households"}…`)
  await Pool.run(Input.batches(Input.open(file)), { workers, mode: { kind: "tallies", by }, parameters }, (result) => {
    for (const r of result.rejections) process.stderr.write(`record ${seen + r.index + 1}: ${r.path}: ${r.reason}\n`)
    seen += result.records
    rejected += result.rejections.length
    for (const [area, tally] of result.tallies) {
      const known = tallies.get(area)
      tallies.set(area, known === undefined ? tally : AreaFigures.combine(known, tally))
    }
    progress.tick(seen)
  })
  progress.done()
  const areas = [...tallies.keys()].sort().map((area) => [area, AreaFigures.figures(tallies.get(area)!)] as const)
  await Cli.write(process.stdout, print(areas, by, format, lang))
  return rejected > 0 ? 1 : 0
}
