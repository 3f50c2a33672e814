import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"

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
