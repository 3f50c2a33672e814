import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { CalendarDate, Decision, RuleSet, SurveyRecord } from "@phungpao/domain"
import { Either } from "effect"
import pg from "pg"
import { beforeAll, describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-program-"))
const pgUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/]*)$/, "/$1_cli_program")
const pgDatabase = decodeURIComponent(new URL(pgUrl).pathname.slice(1))

const cli = (database: string, args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database }, maxBuffer: 1 << 28 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

let fileCount = 0
const sqlite = () => `sqlite:${join(dir, `program-${++fileCount}.db`)}`
const postgres = async () => {
  const admin = new pg.Client({ connectionString: pgUrl.replace(/\/[^/]*$/, "/postgres") })
  await admin.connect()
  await admin.query(`drop database if exists "${pgDatabase}" with (force)`)
  await admin.query(`create database "${pgDatabase}"`)
  await admin.end()
  return pgUrl
}

const scout = 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions'

let province = ""
let records: ReadonlyArray<SurveyRecord.SurveyRecord> = []
beforeAll(() => {
  const text = spawnSync(process.execPath, [main, "generate", "--households", "1500", "--seed", "15"], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout
  province = join(dir, "province.ndjson")
  writeFileSync(province, text)
  records = text.trimEnd().split("\n").map((line) => Either.getOrThrow(SurveyRecord.decode(JSON.parse(line))))
})

/** The scout-uniform selection worked out in TypeScript from the file: by district, households and members. */
const expected = () => {
  const byArea = new Map<string, { households: number; members: number }>()
  for (const record of records) {
    const d = RuleSet.evaluate(RuleSet.tpmap2565, record)
    const n = record.members.filter((m) => {
      const age = CalendarDate.ageOn(m.birthDate, record.surveyedOn)
      return age >= 6 && age <= 15 && d.target && Decision.fails(d, "income")
    }).length
    if (n === 0) continue
    const area = record.villageCode.slice(0, 4)
    const line = byArea.get(area) ?? { households: 0, members: 0 }
    byArea.set(area, { households: line.households + 1, members: line.members + n })
  }
  return [...byArea].sort(([a], [b]) => (a < b ? -1 : 1))
}

const engines: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
  ["SQLite", sqlite],
  ["PostgreSQL", postgres]
]

describe.each(engines)("program preview on %s", (_, database) => {
  let db = ""
  beforeAll(async () => {
    db = await database()
    expect(cli(db, ["import", province, "--round", "2564"]).status).toBe(0)
    expect(cli(db, ["evaluate", "--round", "2564", "--format", "json"]).status).toBe(0)
  })

  it("prints the contract's JSON object: the same selection as TypeScript over the file, by district", () => {
    const r = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", scout, "--format", "json"])
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(["round", "unit", "where", "households", "members", "errors", "areas"])
    const want = expected()
    expect(want.length).toBeGreaterThan(3)
    expect(out).toMatchObject({ round: 2564, unit: "member", where: scout, errors: 0 })
    expect(out.areas.map((a: { area: string; households: number; members: number }) => [a.area, { households: a.households, members: a.members }])).toEqual(want)
    expect(out.households).toBe(want.reduce((n, [, l]) => n + l.households, 0))
    expect(out.members).toBe(want.reduce((n, [, l]) => n + l.members, 0))
    expect(Object.keys(out.areas[0])).toEqual(["area", "nameTh", "nameEn", "households", "members"])
    expect(out.areas.find((a: { area: string }) => a.area === "3301")?.nameEn ?? "Mueang Si Sa Ket").toBe("Mueang Si Sa Ket")
  })

  it("counts the people of selected households under a household rule, at the level asked for", () => {
    const r = cli(db, ["program", "preview", "--round", "2564", "--unit", "household", "--where", "decision.target", "--by", "province", "--format", "json"])
    const out = JSON.parse(r.stdout)
    const targets = records.filter((record) => RuleSet.evaluate(RuleSet.tpmap2565, record).target)
    expect(out.households).toBe(targets.length)
    expect(out.members).toBe(targets.reduce((n, t) => n + t.members.length, 0))
    expect(out.areas).toEqual([{ area: "33", nameTh: "ศรีสะเกษ", nameEn: "Si Sa Ket", households: out.households, members: out.members }])
  })

  it("refuses a rule naming a field that does not exist, with where and why, exit 2", () => {
    const r = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", "member.age >= 6 && member.agee < 15", "--format", "json", "--lang", "en"])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toBe("phungpao: the program rule is refused at line 1, column 27: No such key: agee\n")
    const household = cli(db, ["program", "preview", "--round", "2564", "--unit", "household", "--where", "member.age > 3"])
    expect(household.status).toBe(2)
    expect(household.stderr).toContain("member")
    const syntax = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", "member.age >", "--lang", "en"])
    expect(syntax.status).toBe(2)
    expect(syntax.stderr).toContain("column 13")
  })

  it("counts the records a rule errors on, selecting none of them, and says the first on standard error", () => {
    const r = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", "member.caredFor", "--format", "json"])
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    const absent = records.reduce((n, record) => n + record.members.filter((m) => m.caredFor === undefined).length, 0)
    const cared = records.reduce((n, record) => n + record.members.filter((m) => m.caredFor === true).length, 0)
    expect(out.errors).toBe(absent)
    expect(out.members).toBe(cared)
    expect(r.stderr).toMatch(/^phungpao: household \d{11}, member \d+: No such key: caredFor\n/)
    expect(r.stderr).not.toMatch(/\d{13}/)
  })

  it("prints a readable table with the list masked, and a round without decisions is refused", () => {
    const r = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", scout, "--lang", "en", "--list", "2"])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("selected (citizen IDs masked):")
    expect(r.stdout).toMatch(/\n {2}\d{11} \d{8}( x{9}\d{4})+\n/)
    expect(r.stdout).not.toMatch(/\b\d{13}\b/)
    const th = cli(db, ["program", "preview", "--round", "2564", "--unit", "member", "--where", scout])
    expect(th.stdout).toContain("อำเภอ")
    const none = cli(db, ["program", "preview", "--round", "2565", "--unit", "member", "--where", scout])
    expect(none.status).toBe(2)
  })
})
