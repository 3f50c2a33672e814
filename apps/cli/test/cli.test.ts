import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-cli-"))

const cli = (args: ReadonlyArray<string>, input?: string) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", input, maxBuffer: 1 << 28 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const member = (citizenId: string, relation: string, birthDate: string, answers: Record<string, unknown> = {}) => ({
  citizenId,
  firstName: "สมชาย",
  lastName: "ใจดี",
  sex: "male",
  birthDate,
  relation,
  ...answers
})

const adult = { exercises: true, literate: true, hasOccupationAndIncome: true }

const household = (overrides: Record<string, unknown> = {}) => ({
  houseCode: "33010000001",
  villageCode: "33010101",
  surveyYear: 2564,
  surveyedOn: "2021-03-15",
  welfareCard: "verified",
  annualIncomeBaht: 200000,
  hygienicFood: true,
  appropriateMedicineUse: true,
  secureTenure: true,
  durableHouse: true,
  drinkingWaterLitresPerPersonPerDay: 10,
  waterUseLitresPerPersonPerDay: 60,
  tidyHome: true,
  members: [member("1101700230708", "head", "1970-05-01", adult), member("3301000123458", "spouse", "1972-01-01", adult)],
  ...overrides
})

// A target household (income 30,000 baht a person, verified card), a non-poor one, and a
// poor one with a child failing compulsory education and a card only registered.
const target = household({ annualIncomeBaht: 60000 })
const comfortable = household({ houseCode: "33020000002", villageCode: "33020101" })
const registered = household({
  houseCode: "33010000003",
  villageCode: "33010102",
  welfareCard: "registered",
  members: [
    member("1101700230708", "head", "1970-05-01", adult),
    member("1234567890121", "child", "2012-01-01", { exercises: true, compulsoryEducation: false }),
    member("3301000123458", "child", "2010-03-15", { exercises: true, compulsoryEducation: false })
  ]
})
const ndjson = (records: ReadonlyArray<unknown>) => records.map((r) => JSON.stringify(r)).join("\n") + "\n"

describe("phungpao evaluate", () => {
  it("prints one NDJSON decision per record, in input order, with the contract's fields", () => {
    const r = cli(["evaluate", file("three.ndjson", ndjson([target, comfortable, registered])), "--format", "json"])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe("")
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l))
    expect(lines.map((d) => d.houseCode)).toEqual(["33010000001", "33020000002", "33010000003"])
    expect(Object.keys(lines[0])).toEqual([
      "houseCode", "surveyYear", "ruleSet", "indicators", "failedDimensions", "deprivationScore", "surveyPoor", "target", "reasons"
    ])
    expect(lines[0]).toMatchObject({ ruleSet: "tpmap-2565", failedDimensions: ["income"], deprivationScore: 0.2, surveyPoor: true, target: true })
    expect(lines[0].reasons).toEqual([
      { indicator: 22, th: "ข้อ 22: รายได้ 30,000 บาท/คน/ปี < 38,000", en: "indicator 22: income 30,000 baht/person/year < 38,000" }
    ])
    expect(lines[1]).toMatchObject({ failedDimensions: [], surveyPoor: false, target: false, reasons: [] })
    expect(lines[0].indicators.map((i: { indicator: number }) => i.indicator)).toEqual([1, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 19, 20, 21, 22, 27, 28])
    const sixteen = lines[2].indicators.find((i: { indicator: number }) => i.indicator === 16)
    expect(sixteen).toEqual({ indicator: 16, dimension: "education", status: "fail", members: ["1234567890121", "3301000123458"] })
    expect(lines[2]).toMatchObject({ surveyPoor: true, target: false, failedDimensions: ["education"] })
  })

  it("reads a JSON array and standard input to the same decisions", () => {
    const fromLines = cli(["evaluate", file("a.ndjson", ndjson([target, registered])), "--format", "json"]).stdout
    const fromArray = cli(["evaluate", file("a.json", JSON.stringify([target, registered], null, 2)), "--format", "json"]).stdout
    const fromStdin = cli(["evaluate", "-", "--format", "json"], ndjson([target, registered])).stdout
    expect(fromLines.split("\n")).toHaveLength(3)
    expect(fromArray).toBe(fromLines)
    expect(fromStdin).toBe(fromLines)
  })

  it("reports each invalid record on stderr by number, field path and reason, and exits 1", () => {
    const text = [
      JSON.stringify(target),
      JSON.stringify({ ...comfortable, houseCode: "123" }),
      "{ not json",
      "",
      JSON.stringify({ ...registered, members: [registered.members[0], { ...registered.members[1], citizenId: "1234567890123" }] }),
      JSON.stringify(comfortable)
    ].join("\n")
    const r = cli(["evaluate", file("bad.ndjson", `\uFEFF${text}\n`), "--format", "json"])
    expect(r.status).toBe(1)
    const errors = r.stderr.trimEnd().split("\n")
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(/^record 2: houseCode: must be 11 digits/)
    expect(errors[1]).toMatch(/^record 3: \(json\): not valid JSON/)
    expect(errors[2]).toMatch(/^record 4: members\[1\]\.citizenId: the check digit is wrong$/)
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).houseCode)).toEqual(["33010000001", "33020000002"])
  })

  it("never echoes a citizen ID in an error", () => {
    const bad = { ...target, members: [target.members[0], { ...target.members[1], citizenId: "3301000123457" }] }
    const r = cli(["evaluate", "-", "--format", "json"], JSON.stringify(bad))
    expect(r.status).toBe(1)
    expect(r.stderr).not.toContain("3301000123457")
    const numeric = { ...target, members: [target.members[0], { ...target.members[1], citizenId: 3301000123458 }] }
    const n = cli(["evaluate", "-", "--format", "json"], JSON.stringify(numeric))
    expect(n.stderr).toBe("record 1: members[1].citizenId: expected a string of 13 digits, got a number\n")
  })

  it("never echoes a value in an error, whatever field it landed in, nor the text of a line that is not JSON", () => {
    const id = "3301000123457"
    const text = [
      JSON.stringify({ ...target, members: [{ ...target.members[0], sex: id }, target.members[1]] }),
      JSON.stringify({ ...target, members: [{ ...target.members[0], birthDate: id }, target.members[1]] }),
      `{"houseCode": "33010000001", "citizenId": ${id}x}`
    ].join("\n")
    const r = cli(["evaluate", "-", "--format", "json"], text)
    expect(r.status).toBe(1)
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(3)
    expect(r.stderr).not.toContain(id)
  })

  it("applies a what-if parameter and names it in the rule set key", () => {
    const r = cli(["evaluate", "-", "--format", "json", "--param", "minAnnualIncomePerPersonBaht=30000"], JSON.stringify(target))
    const d = JSON.parse(r.stdout)
    expect(d.ruleSet).toBe("tpmap-2565{minAnnualIncomePerPersonBaht=30000}")
    expect(d.target).toBe(false)
    const bad = cli(["evaluate", "-", "--param", "k=0"], JSON.stringify(target))
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("--param")
  })

  it("prints a readable table in English or Thai", () => {
    const input = ndjson([target, comfortable])
    const en = cli(["evaluate", "-", "--lang", "en"], input)
    expect(en.status).toBe(0)
    expect(en.stdout).toContain("house code")
    expect(en.stdout).toMatch(/33010000001 .* yes .* yes .*income \(22\)/)
    expect(en.stdout).toContain("2 households evaluated: 1 survey-poor, 1 target, 0 invalid")
    const th = cli(["evaluate", "-"], input)
    expect(th.stdout).toContain("รหัสบ้าน")
    expect(th.stdout).toContain("รายได้ (22)")
  })
})

describe("phungpao report", () => {
  it("sums decisions per district, sorted by code, with official names", () => {
    const r = cli(["report", file("r.ndjson", ndjson([target, comfortable, registered])), "--by", "district", "--format", "json"])
    expect(r.status).toBe(0)
    const lines = JSON.parse(r.stdout)
    expect(lines.map((l: { area: string }) => l.area)).toEqual(["3301", "3302"])
    expect(lines[0]).toEqual({
      area: "3301",
      nameTh: "เมืองศรีสะเกษ",
      nameEn: "Mueang Si Sa Ket",
      households: 2,
      persons: 5,
      surveyPoor: 2,
      target: 1,
      H: 1,
      A: 0.2,
      M0: 0.2,
      dimensions: { health: 0, living: 0, education: 1, income: 1, access: 0 }
    })
    expect(lines[1]).toMatchObject({ area: "3302", households: 1, surveyPoor: 0, H: 0, A: 0, M0: 0 })
  })

  it("reports villages and the province", () => {
    const input = file("v.ndjson", ndjson([target, comfortable, registered]))
    const villages = JSON.parse(cli(["report", input, "--by", "village", "--format", "json"]).stdout)
    expect(villages.map((l: { area: string; nameTh: string }) => [l.area, l.nameTh])).toEqual([
      ["33010101", "หมู่ที่ 1"],
      ["33010102", "หมู่ที่ 2"],
      ["33020101", "หมู่ที่ 1"]
    ])
    const province = JSON.parse(cli(["report", input, "--by", "province", "--format", "json"]).stdout)
    expect(province).toHaveLength(1)
    expect(province[0]).toMatchObject({ area: "33", nameEn: "Si Sa Ket", households: 3, persons: 7, surveyPoor: 2, target: 1 })
  })

  it("rejects an unknown level with a usage error", () => {
    const r = cli(["report", file("x.ndjson", ndjson([target])), "--by", "region"])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("--by region: expected province, district, subdistrict or village")
  })
})

describe("phungpao generate and large files", () => {
  let generated = ""
  beforeAll(() => {
    const r = cli(["generate", "--province", "33", "--households", "3000", "--seed", "11"])
    expect(r.status).toBe(0)
    generated = r.stdout
  })

  it("is deterministic for a seed and differs between seeds", () => {
    expect(generated.trimEnd().split("\n")).toHaveLength(3000)
    expect(cli(["generate", "--households", "3000", "--seed", "11"]).stdout).toBe(generated)
    expect(cli(["generate", "--households", "3000", "--seed", "12"]).stdout).not.toBe(generated)
    const out = join(dir, "g.ndjson")
    expect(cli(["generate", "--households", "3000", "--seed", "11", "--out", out]).stdout).toBe("")
    expect(readFileSync(out, "utf8")).toBe(generated)
  })

  it("gives the same decisions and errors on worker threads as in one thread", () => {
    const lines = generated.trimEnd().split("\n")
    lines.splice(1500, 0, JSON.stringify({ ...target, villageCode: "3301" }))
    const path = file("big.ndjson", `${lines.join("\n")}\n`)
    const one = cli(["evaluate", path, "--format", "json", "--jobs", "0"])
    const two = cli(["evaluate", path, "--format", "json", "--jobs", "2"])
    expect(one.status).toBe(1)
    expect(one.stderr).toBe("record 1501: villageCode: must be 8 digits\n")
    expect(two.stderr).toBe(one.stderr)
    expect(two.stdout).toBe(one.stdout)
    expect(one.stdout.trimEnd().split("\n")).toHaveLength(3000)
    const byOne = cli(["report", path, "--by", "subdistrict", "--format", "json", "--jobs", "0"]).stdout
    expect(cli(["report", path, "--by", "subdistrict", "--format", "json", "--jobs", "2"]).stdout).toBe(byOne)
  })

  it("reports districts that add up to the province", () => {
    const path = file("gen.ndjson", generated)
    const districts = JSON.parse(cli(["report", path, "--by", "district", "--format", "json"]).stdout) as Array<Record<string, number>>
    const [province] = JSON.parse(cli(["report", path, "--by", "province", "--format", "json"]).stdout) as Array<Record<string, number>>
    for (const key of ["households", "persons", "surveyPoor", "target"]) {
      expect(districts.reduce((s, d) => s + d[key]!, 0)).toBe(province![key])
    }
    expect(province!["households"]).toBe(3000)
    expect(province!["target"]! / 3000).toBeGreaterThan(0.01)
    expect(province!["target"]! / 3000).toBeLessThan(0.08)
  })
})

describe("usage", () => {
  it("prints help for the program and every command", () => {
    expect(cli(["--help"]).stdout).toContain("evaluate FILE")
    for (const command of ["evaluate", "report", "generate"]) {
      const r = cli([command, "--help"])
      expect(r.status).toBe(0)
      expect(r.stdout).toContain(`Usage: pnpm cli ${command}`)
    }
  })

  it("refuses an unknown command, a missing file and an unknown option with exit 2", () => {
    expect(cli(["frobnicate"])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "frobnicate"') })
    expect(cli(["evaluate", join(dir, "missing.ndjson")])).toMatchObject({ status: 2, stderr: expect.stringContaining("no such file") })
    expect(cli(["evaluate", "-", "--colour"], "")).toMatchObject({ status: 2, stderr: expect.stringContaining("--colour") })
  })
})
