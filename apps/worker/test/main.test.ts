import SqliteDatabase from "better-sqlite3"
import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-worker-"))

const worker = (file: string) =>
  spawnSync(process.execPath, [main, "--once"], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: `sqlite:${file}` } })

describe("worker", () => {
  it("migrates, verifies, names its rule set and stops with --once", () => {
    const r = worker(join(dir, "clean.db"))
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("phungpao worker ready (rule set tpmap-2565; sqlite; concurrency 1;")
    expect(r.stdout).toContain("phungpao worker stopped")
  })

  it("does not start on books that do not verify", () => {
    const file = join(dir, "tampered.db")
    expect(worker(file).status).toBe(0)
    const raw = new SqliteDatabase(file)
    raw.exec("drop trigger fund_posting_no_update")
    raw.close()
    const r = worker(file)
    expect([r.status, r.stdout]).toEqual([3, ""])
    expect(r.stderr).toContain('phungpao worker: {"_tag":"TriggerMissing","table":"fund_posting","trigger":"fund_posting_no_update","reason":"missing"}')
  })
})
