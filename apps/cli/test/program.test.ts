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

describe.each(engines)("stored programs on %s", (_, database) => {
  it("creates, activates, enrols, records needs, delivers once per key and reports, each with --format json", async () => {
    const db = await database()
    expect(cli(db, ["import", province, "--round", "2564"]).status).toBe(0)
    expect(cli(db, ["evaluate", "--round", "2564"]).status).toBe(0)
    const json = (args: ReadonlyArray<string>, status = 0) => {
      const r = cli(db, ["program", ...args, "--format", "json", "--lang", "en"])
      expect(r.stderr).toBe("")
      expect(r.status).toBe(status)
      return JSON.parse(r.stdout)
    }
    const define = (nameEn: string) => [
      "create", "--name-th", "ชุดลูกเสือ-เนตรนารี", "--name-en", nameEn, "--purpose", "ชุดนักเรียนลูกเสือ",
      "--unit", "member", "--where", scout, "--round", "2564", "--budget", "30,000", "--agency", "obec",
      "--need", "uniformSize:choice:S|M|L|XL", "--on", "16/05/2565", "--place", "ที่ว่าการอำเภอ", "--key", "c-1"
    ]
    const created = json(define("Scout uniforms"))
    expect(created).toMatchObject({ id: "P-1", status: "draft", budget: { _tag: "agency", agency: "obec", amount: 3_000_000 }, distribution: { _tag: "once", on: "2022-05-16" } })
    // A retry under the key answers the same program; the key with another definition is refused.
    expect(json(define("Scout uniforms"))).toEqual(created)
    const reused = cli(db, ["program", ...define("Other"), "--lang", "en"])
    expect([reused.status, reused.stderr]).toEqual([2, expect.stringContaining("idempotency key c-1 was already used")])
    const early = cli(db, ["program", "enrol", "P-1", "--lang", "en"])
    expect(early.status).toBe(2)
    expect(early.stderr).toBe("phungpao: program P-1 is draft: cannot enrol\n")
    expect(json(["activate", "P-1"]).status).toBe("active")
    const enrolment = json(["enrol", "P-1"])
    const want = expected()
    const members = want.reduce((n, [, l]) => n + l.members, 0)
    expect(enrolment).toMatchObject({ number: 1, round: 2564, added: members, kept: 0, notReselected: 0, errors: 0 })
    const list = json(["beneficiaries", "P-1"])
    expect(list).toHaveLength(members)
    expect(cli(db, ["program", "beneficiaries", "P-1", "--format", "json"]).stdout).not.toMatch(/\d{13}/)
    const first = list[0]
    const target = ["--house", first.houseCode, "--member", String(first.member)]
    expect(json(["need", "record", "P-1", ...target, "--answer", "uniformSize=M"]).answers).toEqual({ uniformSize: "M" })
    const bad = cli(db, ["program", "need", "record", "P-1", ...target, "--answer", "uniformSize=XXL", "--lang", "en"])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("need uniformSize: must be one of S, M, L, XL")
    const delivered = json(["deliver", "P-1", ...target, "--value", "450", "--agency", "obec", "--on", "16/05/2565", "--key", "d-1"])
    expect(delivered).toMatchObject({ program: "P-1", entry: "program:P-1:1", houseCode: first.houseCode })
    expect(json(["deliver", "P-1", ...target, "--value", "450", "--agency", "obec", "--on", "16/05/2565", "--key", "d-1"])).toEqual(delivered)
    const report = json(["report", "P-1", "--by", "province"])
    expect(report).toMatchObject({ program: "P-1", beneficiaries: members, surveyed: 1, delivered: 1, spent: 45_000 })
    expect(report.areas).toHaveLength(1)
    const reversal = json(["reverse", "P-1", "--entry", delivered.entry, "--reason", "ส่งผิดคน", "--on", "17/05/2565"])
    expect(reversal).toMatchObject({ id: "program:P-1:1:reversal", reverses: "program:P-1:1", value: -45_000 })
    expect(json(["report", "P-1", "--by", "province"])).toMatchObject({ delivered: 0, spent: 0 })
    expect(cli(db, ["program", "reverse", "P-1", "--entry", delivered.entry, "--reason", "ซ้ำ"]).status).toBe(2)
    expect(json(["list"]).map((p: { id: string }) => p.id)).toEqual(["P-1"])
    expect(json(["close", "P-1"]).status).toBe("closed")
    const table = cli(db, ["program", "report", "P-1", "--lang", "en"])
    expect(table.stdout).toContain("total")
    // After the reversal the delivery nets to nothing: 450.00 baht out and back.
    expect(table.stdout).toContain("budget 30,000.00 baht")
    expect(table.stdout).not.toContain("450.00 baht")
  })
})
