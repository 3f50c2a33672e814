/**
 * `phungpao program …`: targeted programs (โครงการแบบพุ่งเป้า). `preview` runs a program's
 * eligibility rule (CEL) over a stored round as a dry run: counts by area and, on
 * request, a list by masked citizen ID. A rule that does not compile is refused before
 * any record is read (exit 2).
 */
import { Area, ProgramPreview, ProgramRule } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Either from "effect/Either"
import * as Cli from "../Cli.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import { ruleSetOf } from "./evaluate.js"
import * as Table from "../Table.js"

const common = {
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

/** The rule of `--unit` and `--where`, compiled, or the refusal (exit 2) naming where and why. */
export const ruleOf = (values: Cli.Values, what: string): ProgramRule.ProgramRule => {
  const unit = Cli.required(values, "unit", what)
  if (unit !== "member" && unit !== "household") throw new Cli.UsageError(`${what}: --unit ${unit}: expected member or household`)
  const where = Cli.required(values, "where", what)
  const compiled = ProgramRule.compile(unit, where)
  if (Either.isLeft(compiled)) throw new Registry.Refused(compiled.left)
  return compiled.right
}

/** `--by LEVEL` (district when left out). */
export const levelOf = (values: Cli.Values): Area.Level => {
  const by = (Cli.text(values, "by") ?? "district") as Area.Level
  if (!Area.levels.includes(by)) throw new Cli.UsageError(`--by ${by}: expected province, district, subdistrict or village`)
  return by
}

const humanPreview = (p: ProgramPreview.Preview, by: Area.Level, lang: Lang.Lang): string => {
  const th = lang === "th"
  const spec = [
    { header: th ? "รหัส" : "code", align: "left" as const },
    { header: Lang.pick(lang, Area.levelLabel[by]), align: "left" as const },
    { header: th ? "ครัวเรือน" : "households", align: "right" as const },
    { header: th ? "คน" : "members", align: "right" as const }
  ]
  const rows = p.areas.map((a) => [
    a.area,
    (th ? a.nameTh : a.nameEn) ?? (th ? "(ไม่พบชื่อ)" : "(unknown)"),
    Table.count(a.households),
    Table.count(a.members)
  ])
  const cols = Table.fit(spec, rows)
  const unit = p.unit === "member" ? (th ? "สมาชิก" : "member") : th ? "ครัวเรือน" : "household"
  const lines = [
    th ? `รอบ ${p.round} กฎราย${unit}: ${p.where}` : `round ${p.round}, ${unit} rule: ${p.where}`,
    th
      ? `เข้าเกณฑ์ ${Table.count(p.households)} ครัวเรือน ${Table.count(p.members)} คน; ประเมินไม่ได้ ${Table.count(p.errors)}`
      : `selected: ${Table.count(p.households)} households, ${Table.count(p.members)} members; errors: ${Table.count(p.errors)}`,
    ...p.messages.map((m) => (th ? `  ข้อผิดพลาด: ${m}` : `  error: ${m}`)),
    "",
    Table.header(cols),
    ...rows.map((r) => Table.row(cols, r))
  ]
  if (p.selected.length > 0) {
    lines.push("", th ? "รายชื่อ (เลขประจำตัวประชาชนปิดบัง):" : "selected (citizen IDs masked):")
    for (const s of p.selected) lines.push(`  ${s.houseCode} ${s.villageCode} ${s.members.join(" ")}`)
  }
  return `${lines.join("\n")}\n`
}

/**
 * `program preview --round R --unit member|household --where EXPR [--by LEVEL] [--list N]`:
 * with `--format json`, exactly `{round, unit, where, households, members, errors, areas}`
 * (and `selected` when `--list` asks for it); the first errors' messages on standard error.
 */
const preview = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values } = Cli.parse(args, {
    ...common,
    round: { type: "string" },
    unit: { type: "string" },
    where: { type: "string" },
    by: { type: "string" },
    list: { type: "string" },
    param: { type: "string", multiple: true }
  })
  const { format, lang } = Cli.output(values)
  const round = Cli.wholeNumber("round", Cli.required(values, "round", "program preview"), 0)
  const by = levelOf(values)
  const listed = Cli.text(values, "list")
  const list = listed === undefined ? (format === "json" ? 0 : 20) : Cli.wholeNumber("list", listed, 0)
  const rule = ruleOf(values, "program preview")
  const ruleSet = ruleSetOf(values.param)
  const p = await Registry.run(ProgramPreview.preview(Registry.actor, rule, { round, ruleSetKey: ruleSet.key, by, list }, Geography.lookup))
  if (format === "json") {
    for (const m of p.messages) process.stderr.write(`phungpao: ${m}\n`)
    const json = listed === undefined ? ProgramPreview.contract(p) : { ...ProgramPreview.contract(p), selected: p.selected }
    await Cli.write(process.stdout, `${JSON.stringify(json)}\n`)
  } else {
    await Cli.write(process.stdout, humanPreview(p, by, lang))
  }
  return 0
}

const commands: Record<string, (args: ReadonlyArray<string>) => Promise<number>> = { preview }

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined) {
    throw new Cli.UsageError(`program: expected one of ${Object.keys(commands).join(", ")}${name === undefined ? "" : `, got ${JSON.stringify(name)}`}`)
  }
  return command(rest)
}
