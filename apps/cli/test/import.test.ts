import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { acting } from "./acting.js"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-import-"))

let count = 0
const sqlite = () => `sqlite:${join(dir, `registry-${++count}.db`)}`

const cli = (database: string, args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, DATABASE_URL: database },
    maxBuffer: 1 << 28
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

let generated: ReadonlyArray<Record<string, any>> = []
let exportedCsv = ""
beforeAll(() => {
  const r = spawnSync(process.execPath, [main, "generate", "--households", "60", "--seed", "5"], { encoding: "utf8" })
  generated = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l))
  const db = sqlite()
  expect(cli(db, ["import", write("generated.ndjson", r.stdout)]).status).toBe(0)
  exportedCsv = cli(db, ["export", "--round", "2564", "--format", "csv"]).stdout
})

describe("import never writes personal data into its rejects file", () => {
  it("gives line, field and reason only, when a cell is missing on every row", () => {
    const [head, ...rows] = exportedCsv.trimEnd().split("\n")
    // One cell missing on each row moves the citizen ID, the names and the birth date left.
    const spoiled = [head, ...rows.map((r) => r.split(",").filter((_, i) => i !== 13).join(","))].join("\n")
    const path = write("missing-cell.csv", `${spoiled}\n`)
    const r = cli(sqlite(), ["import", path, "--lang", "en"])
    expect(r.status).toBe(1)
    const rejects = readFileSync(`${path}.rejects.csv`, "utf8")
    const lines = rejects.trimEnd().split("\n")
    expect(lines[0]).toBe("line,field,reason")
    expect(lines.length).toBeGreaterThan(60)
    for (const record of generated) {
      for (const m of record["members"]) {
        for (const value of [m.citizenId, m.firstName, m.lastName, m.birthDate]) expect(rejects).not.toContain(value)
      }
      expect(rejects).not.toContain(record["houseCode"])
    }
    expect(r.stdout + r.stderr).not.toMatch(/\d{13}/)
  })
})

describe("CSV written by the program never runs as a formula", () => {
  const hostile = '=HYPERLINK("http://evil.example","click")'

  it("export --format csv neutralises a name that would, and import reads it back as it was", () => {
    const [first, ...rest] = generated
    const record = { ...first, houseNumber: "+cmd|' /C calc'!A0", members: [{ ...first!["members"][0], firstName: hostile }, ...first!["members"].slice(1)] }
    const db = sqlite()
    expect(cli(db, ["import", write("hostile.ndjson", [record, ...rest].map((r) => JSON.stringify(r)).join("\n"))]).status).toBe(0)
    const csv = cli(db, ["export", "--round", "2564", "--format", "csv"]).stdout
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`)
    expect(csv).toContain(",'+cmd|' /C calc'!A0,")
    expect(csv.split("\n").some((l) => /(^|,)"?[=+@]/.test(l))).toBe(false)
    const again = sqlite()
    expect(cli(again, ["import", write("hostile-export.csv", csv)]).status).toBe(0)
    const exported = cli(again, ["export", "--round", "2564"]).stdout
    expect(exported).toBe(cli(db, ["export", "--round", "2564"]).stdout)
  })

  it("fund report public --format csv neutralises a contributor's name", () => {
    const db = sqlite()
    const lines = [
      "configure --quorum 2 --committee m1,m2 --treasurers t1 --ceiling 3000 --cap 9000 --as pc-1 --key cfg-1",
      `contributor add --id c-1 --kind company --name '${hostile}' --key c-1`,
      "receipt add --reference KTB-0001 --date 01/03/2565 --amount 50,000.00 --contributor c-1 --as t1 --key rc-1"
    ]
    for (const [id, role] of [["pc-1", "provincialCentre"], ["m1", "fundCommittee"], ["m2", "fundCommittee"], ["t1", "treasurer"]]) {
      expect(cli(db, ["user", "add", "--id", id!, "--name", id!, "--role", role!, "--key", `u-${id}`]).status).toBe(0)
    }
    const set = acting(cli).cli(db, ["fund", "batch", write("fund-batch.txt", lines.join("\n"))])
    expect(set.stderr).toBe("")
    const csv = cli(db, ["fund", "report", "public", "--format", "csv", "--lang", "en"]).stdout
    expect(csv).toContain(`contributors,company,"'=HYPERLINK(""http://evil.example"",""click"")",amount,50000.00\n`)
  })
})

describe("files of personal data", () => {
  const mode = (path: string) => statSync(path).mode & 0o777

  it("are created readable by their owner only: the database, its WAL, the rejects file and an export", () => {
    const file = join(dir, `private-${++count}.db`)
    const db = `sqlite:${file}`
    const bad = write("private.ndjson", `${JSON.stringify(generated[0])}\n{not json\n`)
    expect(cli(db, ["import", bad]).status).toBe(1)
    for (const path of [file, `${file}-wal`, `${file}-shm`, `${bad}.rejects.csv`]) if (existsSync(path)) expect([path, mode(path)]).toEqual([path, 0o600])
    expect(existsSync(`${bad}.rejects.csv`)).toBe(true)
    const out = join(dir, "private-export.csv")
    writeFileSync(out, "an older export\n", { mode: 0o644 })
    expect(cli(db, ["export", "--round", "2564", "--format", "csv", "--out", out]).status).toBe(0)
    expect(mode(out)).toBe(0o600)
    const xlsx = join(dir, "private-export.xlsx")
    expect(cli(db, ["export", "--round", "2564", "--format", "xlsx", "--out", xlsx]).status).toBe(0)
    expect(mode(xlsx)).toBe(0o600)
  })
})

describe("import and export, the files' edges", () => {
  it("export writes every extra field, not only the first record's, so importing an export changes nothing", () => {
    const records = generated.map((r, i) =>
      i === 7 ? { ...r, หมายเหตุ: "ท้ายซอย" } : i === 9 ? { ...r, members: [{ ...r["members"][0], phone: "0812345678" }, ...r["members"].slice(1)] } : r
    )
    const db = sqlite()
    expect(cli(db, ["import", write("late-extras.ndjson", records.map((r) => JSON.stringify(r)).join("\n"))]).status).toBe(0)
    for (const format of ["csv", "xlsx"]) {
      const out = join(dir, `late-extras-export.${format}`)
      const exported = cli(db, ["export", "--round", "2564", "--format", format, "--out", out])
      expect(exported.stderr).toBe("")
      const again = sqlite()
      expect(cli(again, ["import", out]).status).toBe(0)
      expect(cli(again, ["export", "--round", "2564"]).stdout).toBe(cli(db, ["export", "--round", "2564"]).stdout)
    }
  })

  it("leaves a file named by --rejects alone when nothing is rejected, and removes only its own stale rejects", () => {
    const good = write("good.ndjson", `${JSON.stringify(generated[0])}\n`)
    const notes = write("notes.txt", "my notes\n")
    expect(cli(sqlite(), ["import", good, "--rejects", notes]).status).toBe(0)
    expect(readFileSync(notes, "utf8")).toBe("my notes\n")
    const stale = write("good.ndjson.rejects.csv", "line,field,reason\n3,(record),not valid JSON\n")
    expect(cli(sqlite(), ["import", good]).status).toBe(0)
    expect(existsSync(stale)).toBe(false)
  })

  it("refuses a header naming a column twice with a clear error naming it, exit 2", () => {
    const path = write("twice.csv", "houseCode,firstName,ชื่อ\n33010000001,a,b\n")
    const r = cli(sqlite(), ["import", path])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('the columns "firstName" and "ชื่อ" both give firstName')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2)
  })

  it("refuses NDJSON named .xlsx with a clear error, exit 2", () => {
    const path = write("survey.xlsx", `${JSON.stringify(generated[0])}\n`)
    const r = cli(sqlite(), ["import", path])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("not an xlsx workbook")
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe("one bad record, however big or deep", () => {
  it("is rejected with its line and the rest of the file is stored, on a reader thread or not", () => {
    const lines = generated.slice(0, 10).map((r) => JSON.stringify(r))
    lines.splice(3, 0, `{"houseCode":"33010000999","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`)
    lines.splice(6, 0, `{"houseCode":"33010000998","story":"${"ก".repeat(3 << 20)}"}`)
    const path = write("deep-and-long.ndjson", `${lines.join("\n")}\n`)
    for (const jobs of ["1", "2"]) {
      const r = cli(sqlite(), ["import", path, "--jobs", jobs, "--format", "json"])
      expect(r.stderr).toBe("")
      expect(r.status).toBe(1)
      expect(JSON.parse(r.stdout)).toMatchObject({ read: 12, inserted: 10, rejected: 2 })
      const rejects = readFileSync(`${path}.rejects.csv`, "utf8").trimEnd().split("\n")
      expect(rejects.slice(1)).toEqual(["4,(record),is nested deeper than 32 levels", '7,(record),"is longer than 1,048,576 characters"'])
    }
  })
})
