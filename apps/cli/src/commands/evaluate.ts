/** `phungpao evaluate FILE`: one decision per valid record, in input order. */
import { AreaFigures, Decision, Dimension, type Registry as Ports, RoundEvaluation, RoundReport, RuleSet } from "@phungpao/domain"
import { AccessSql, fromEnv } from "@phungpao/db"
import * as Effect from "effect/Effect"
import { availableParallelism } from "node:os"
import * as Cli from "../Cli.js"
import * as Input from "../Input.js"
import * as Lang from "../Lang.js"
import * as Pool from "../Pool.js"
import * as Registry from "../Registry.js"
import * as RoundParts from "../RoundParts.js"
import * as Table from "../Table.js"

export const options = {
  round: { type: "string" },
  format: { type: "string" },
  lang: { type: "string" },
  param: { type: "string", multiple: true },
  jobs: { type: "string" },
  unmask: { type: "boolean" },
  help: { type: "boolean", short: "h" }
} as const

const yes = { th: "ใช่", en: "yes" }
const no = { th: "-", en: "-" }

const columns = (lang: Lang.Lang): ReadonlyArray<Table.Column> => [
  { header: lang === "th" ? "รหัสบ้าน" : "house code", width: 11, align: "left" },
  { header: lang === "th" ? "ปีสำรวจ" : "survey", width: 7, align: "right" },
  { header: lang === "th" ? "คะแนน" : "score", width: 5, align: "right" },
  { header: lang === "th" ? "จนตามสำรวจ" : "survey-poor", width: 11, align: "left" },
  { header: lang === "th" ? "เป้าหมาย" : "target", width: 8, align: "left" },
  { header: lang === "th" ? "มิติที่ตกเกณฑ์ (ตัวชี้วัด)" : "failed dimensions (indicators)", width: 0, align: "left" }
]

const humanRow = (lang: Lang.Lang, cols: ReadonlyArray<Table.Column>, line: string): string => {
  const d = JSON.parse(line) as Decision.Decision
  const failed = d.failedDimensions
    .map((dim) => {
      const numbers = d.indicators.filter((r) => r.dimension === dim && r.status === "fail").map((r) => r.indicator)
      return `${Lang.pick(lang, Dimension.label[dim])} (${numbers.join(", ")})`
    })
    .join("; ")
  return Table.row(cols, [
    d.houseCode,
    String(d.surveyYear),
    d.deprivationScore.toFixed(1),
    Lang.pick(lang, d.surveyPoor ? yes : no),
    Lang.pick(lang, d.target ? yes : no),
    failed
  ])
}

/** Rule set tpmap-2565 with the `--param` what-ifs applied. */
export const ruleSetOf = (params: ReadonlyArray<string> | undefined): RuleSet.RuleSet =>
  RuleSet.resolve(Cli.parameters(params))

/**
 * Parts of a round evaluated side by side when `--jobs` is not given: on SQLite with two
 * cores or more, two (each of at least `leastPerPart` households, so a small round stays
 * in this thread, where a worker's start would cost more than it saves). Measured on a
 * quiet two-core machine, 400,000 households: one thread 4.5–4.6 s, two parts 3.2–3.3 s
 * (the two cores there are siblings of one, so not twice as fast; before the program was
 * one bundle, ADR 0012, 5.0–5.4 s and 3.6–4.0 s). PostgreSQL stays with one until two
 * are measured there.
 */
const defaultParts = (): { readonly parts: number; readonly least: number } =>
  fromEnv(process.env).engine === "sqlite" && availableParallelism() >= 2 ? { parts: 2, least: leastPerPart } : { parts: 1, least: 1 }

const leastPerPart = 100_000

/**
 * `evaluate --round R`: every household of a round in the registry, decisions stored.
 * `--jobs N` cuts the round into N parts evaluated side by side, one worker thread each
 * (see RoundParts); `--jobs 0` or `1` keeps it all in this thread. Without it, see
 * `defaultParts`.
 */
const evaluateRound = async (round: number, params: ReadonlyArray<string> | undefined, jobs: string | undefined, format: "json" | "table", lang: Lang.Lang, unmask: boolean) => {
  const ruleSet = ruleSetOf(params)
  const { parts: workers, least } = jobs === undefined ? defaultParts() : { parts: Cli.workers(jobs), least: 1 }
  const progress = Cli.progress((n) => `${Table.count(n)} ${lang === "th" ? "ครัวเรือน" : "households"}…`)
  // Started now, the threads load while this one opens the database and cuts the round.
  const crew = workers > 1 ? RoundParts.start(workers) : undefined
  // A failure before the parts are handed out must not leave the threads waiting.
  const { households, totals } = await (async () => {
    try {
      return await Registry.run(
        Effect.gen(function* () {
          const parts = crew === undefined ? [{}] : yield* RoundEvaluation.parts(round, workers, least)
          if (crew !== undefined && parts.length <= 1) yield* Effect.promise(() => crew.stop())
          const { households, tally } =
            crew !== undefined && parts.length > 1
              ? yield* Effect.promise(() => crew.run(round, Cli.parameters(params), parts, new Date().toISOString(), (done) => progress.tick(done)))
              : yield* RoundEvaluation.run(Registry.actor, round, ruleSet, { onProgress: (p) => Effect.sync(() => progress.tick(p.done)) })
          progress.done()
          if (format === "json") {
            // Members' citizen IDs masked unless --unmask (for a role that may read them in full; on record in the audit log).
            const print = (page: ReadonlyArray<Ports.StoredDecision>) =>
              Effect.promise(() => Cli.write(process.stdout, page.map((s) => `${Decision.toJson(s.decision)}\n`).join("")))
            yield* unmask
              ? Effect.provide(RoundReport.decisionsUnmasked(Registry.actor, round, ruleSet.key, print, { what: "evaluate --round --unmask" }), AccessSql.layer)
              : RoundReport.decisions(Registry.actor, round, ruleSet.key, print)
          }
          return { households, totals: AreaFigures.figures(tally) }
        })
      )
    } finally {
      await crew?.stop()
    }
  })()
  if (format === "table") {
    const c = Table.count
    process.stdout.write(
      lang === "th"
        ? `ประเมินรอบ ${round} ด้วย ${ruleSet.key}: ${c(households)} ครัวเรือน, จนตามสำรวจ ${c(totals.surveyPoor)}, เป้าหมาย ${c(totals.target)} (${c(totals.targetPersons)} คน)\n`
        : `round ${round} evaluated under ${ruleSet.key}: ${c(households)} households, ${c(totals.surveyPoor)} survey-poor, ${c(totals.target)} target (${c(totals.targetPersons)} people)\n`
    )
  }
  return 0
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const { format, lang } = Cli.output(values)
  if (values.round !== undefined) {
    if (positionals.length > 0) throw new Cli.UsageError("give either FILE or --round, not both")
    return evaluateRound(Cli.wholeNumber("round", values.round, 0), values.param, values.jobs, format, lang, values.unmask === true)
  }
  if (positionals.length > 1) throw new Cli.UsageError(`expected one FILE, got ${positionals.length}`)
  const file = Cli.readable(positionals[0])
  const parameters = Cli.parameters(values.param)
  const workers = Cli.workers(values.jobs)
  const cols = columns(lang)
  if (format === "table") await Cli.write(process.stdout, `${Table.header(cols)}\n`)
  let seen = 0
  let rejected = 0
  let valid = 0
  let poor = 0
  let target = 0
  const progress = Cli.progress((n) => `${Table.count(n)} ${lang === "th" ? "ครัวเรือน" : "households"}…`)
  await Pool.run(Input.batches(Input.open(file)), { workers, mode: { kind: "decisions" }, parameters }, async (result) => {
    for (const r of result.rejections) process.stderr.write(`record ${seen + r.index + 1}: ${r.path}: ${r.reason}\n`)
    seen += result.records
    rejected += result.rejections.length
    if (format === "json") {
      await Cli.write(process.stdout, result.decisions)
    } else {
      const lines = result.decisions.split("\n").filter((l) => l !== "")
      let out = ""
      for (const line of lines) {
        out += `${humanRow(lang, cols, line)}\n`
        valid++
        if (line.includes(`"surveyPoor":true`)) poor++
        if (line.includes(`"target":true`)) target++
      }
      await Cli.write(process.stdout, out)
    }
    progress.tick(seen)
  })
  progress.done()
  if (format === "table") {
    const summary =
      lang === "th"
        ? `\nประเมิน ${Table.count(valid)} ครัวเรือน: จนตามสำรวจ ${Table.count(poor)}, เป้าหมาย ${Table.count(target)}, ข้อมูลไม่ถูกต้อง ${Table.count(rejected)}\n`
        : `\n${Table.count(valid)} households evaluated: ${Table.count(poor)} survey-poor, ${Table.count(target)} target, ${Table.count(rejected)} invalid\n`
    await Cli.write(process.stdout, summary)
  }
  return rejected > 0 ? 1 : 0
}
