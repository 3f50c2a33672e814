import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-job-"))
const cli = (database: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database, ...env } })

describe("job on the command line", () => {
  it("submits under a key (the same key gives back the job, another input under it is refused), lists, shows, cancels and retries", () => {
    const db = `sqlite:${join(dir, "jobs.db")}`
    const first = cli(db, ["job", "submit", "evaluate-round", "--round", "2564", "--key", "eval-1"])
    expect(first.status).toBe(0)
    const id = first.stdout.trim()
    expect(id).toMatch(/^JOB-[0-9a-f]{16}$/)
    const again = cli(db, ["job", "submit", "evaluate-round", "--round", "2564", "--key", "eval-1", "--lang", "en"])
    expect([again.status, again.stdout.trim(), again.stderr]).toEqual([0, id, `this key submitted ${id} before: that job is shown\n`])
    const other = cli(db, ["job", "submit", "evaluate-round", "--round", "2565", "--key", "eval-1", "--lang", "en"])
    expect([other.status, other.stderr]).toEqual([2, "phungpao: idempotency key eval-1 was already used for a different job evaluate-round\n"])
    const listed = JSON.parse(cli(db, ["job", "list", "--format", "json"]).stdout)
    expect(listed.items.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([[id, "queued"]])
    expect(listed.next).toBeNull()
    const shown = JSON.parse(cli(db, ["job", "show", id, "--format", "json"]).stdout)
    expect(shown).toMatchObject({ job: { id, kind: "evaluate-round", input: { round: 2564 }, planned: false }, tasks: [] })
    const cancelled = cli(db, ["job", "cancel", id, "--format", "json"])
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id, status: "cancelled", cancelledBy: expect.stringMatching(/^cli:/) })
    const twice = cli(db, ["job", "cancel", id, "--lang", "en"])
    expect([twice.status, twice.stderr]).toEqual([2, `phungpao: job ${id} has been cancelled: nothing left to cancel\n`])
    // --follow on a job that has ended says so and exits 1 (it did not succeed).
    const followed = cli(db, ["job", "show", id, "--follow", "--lang", "en"])
    expect(followed.status).toBe(1)
    expect(followed.stdout).toContain(`${id} cancelled · planning · 0 rows`)
    const retried = JSON.parse(cli(db, ["job", "retry", id, "--format", "json"]).stdout)
    expect(retried).toMatchObject({ id, status: "queued" })
    const th = cli(db, ["job", "list"])
    expect(th.stdout).toContain("รอคิว")
  })

  it("refuses an unknown kind, a bad input with the field and reason, a file that cannot be read, and no such job", () => {
    const db = `sqlite:${join(dir, "refusals.db")}`
    const kind = cli(db, ["job", "submit", "reboot", "--key", "k"])
    expect([kind.status, kind.stderr]).toEqual([2, expect.stringContaining("job submit: reboot: expected import, evaluate-round")])
    const round = cli(db, ["job", "submit", "evaluate-round", "--round", "99", "--key", "k", "--lang", "en"])
    expect([round.status, round.stderr]).toEqual([2, expect.stringMatching(/^phungpao: job evaluate-round: round must be /)])
    const file = cli(db, ["job", "submit", "import", join(dir, "missing.csv"), "--round", "2564", "--key", "k"])
    expect(file.status).toBe(2)
    expect(file.stderr).toContain("missing.csv")
    const none = cli(db, ["job", "show", "JOB-0000000000000000", "--lang", "en"])
    expect([none.status, none.stderr]).toEqual([2, "phungpao: no job JOB-0000000000000000\n"])
  })

  it("shows the workers alive as JSON, none before one starts", () => {
    const db = `sqlite:${join(dir, "workers.db")}`
    const r = cli(db, ["job", "workers", "--format", "json"])
    expect([r.status, JSON.parse(r.stdout)]).toEqual([0, []])
  })
})
