import { spawnSync } from "node:child_process"
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-token-"))
const cli = (database: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: database, ...env } })

describe("acting on the command line with a token", () => {
  it("acts as the token's user, from the environment or a file of its owner's only, and refuses a name without a token", () => {
    const db = `sqlite:${join(dir, "acting.db")}`
    expect(cli(db, ["user", "add", "--id", "pc-1", "--name", "ศจพ.จ.", "--role", "provincialCentre", "--key", "u1"]).status).toBe(0)
    expect(cli(db, ["user", "add", "--id", "dc-3301", "--name", "ศจพ.อ.", "--role", "districtCentre", "--scope", "3301", "--key", "u2"]).status).toBe(0)
    const secret = cli(db, ["token", "create", "--user", "pc-1"]).stdout.trim()
    const named = cli(db, ["token", "list", "--as", "pc-1", "--lang", "en"])
    expect([named.status, named.stderr]).toEqual([2, expect.stringContaining("acting as pc-1 needs pc-1's API token")])
    // The token's user issues the next token: its record names them, not the operator
    expect(cli(db, ["token", "create", "--user", "dc-3301"], { PHUNGPAO_TOKEN: secret }).status).toBe(0)
    const file = join(dir, "pc-1.token")
    writeFileSync(file, `${secret}\n`, { mode: 0o600 })
    expect(cli(db, ["token", "create", "--user", "dc-3301", "--token-file", file, "--as", "pc-1"]).status).toBe(0)
    const listed = JSON.parse(cli(db, ["token", "list", "--format", "json"], { PHUNGPAO_TOKEN: secret }).stdout)
    expect(listed.map((t: { createdBy: string }) => t.createdBy)).toEqual([expect.stringMatching(/^cli:/), "pc-1", "pc-1"])
    chmodSync(file, 0o640)
    expect(cli(db, ["token", "list", "--token-file", file]).stderr).toMatch(/--token-file .*pc-1\.token: others may read it/)
    const revoked = cli(db, ["token", "revoke", "T-1"], { PHUNGPAO_TOKEN: secret })
    expect(revoked.status).toBe(0)
    expect(cli(db, ["token", "list", "--lang", "en"], { PHUNGPAO_TOKEN: secret }).stderr).toBe("phungpao: the API token is revoked\n")
  })
})

describe("API tokens from the command line", () => {
  it("prints a new token alone on standard output, keeps only its hash, lists and revokes it", () => {
    const file = join(dir, "tokens.db")
    const db = `sqlite:${file}`
    expect(cli(db, ["user", "add", "--id", "dc-3301", "--name", "ศจพ.อ.", "--role", "districtCentre", "--scope", "3301", "--key", "u1"]).status).toBe(0)
    const created = cli(db, ["token", "create", "--user", "dc-3301", "--expires-days", "30", "--lang", "en"])
    expect(created.status).toBe(0)
    expect(created.stdout).toMatch(/^php_[A-Za-z0-9_-]{43}\n$/)
    expect(created.stderr).toMatch(/^token T-1 for dc-3301, expires \d{4}-\d\d-\d\dT/)
    const secret = created.stdout.trim()
    expect(readFileSync(file).includes(Buffer.from(secret))).toBe(false)
    const listed = JSON.parse(cli(db, ["token", "list", "--format", "json"]).stdout)
    expect(listed).toMatchObject([{ id: "T-1", user: "dc-3301", createdBy: expect.stringMatching(/^cli:/) }])
    expect(JSON.stringify(listed)).not.toContain("hash")
    expect(cli(db, ["token", "revoke", "T-1", "--lang", "en"]).stdout).toBe("token T-1 revoked\n")
    expect(JSON.parse(cli(db, ["token", "list", "--format", "json"]).stdout)[0].revokedAt).toMatch(/^\d{4}-/)
  })

  it("refuses a token for a user nobody stored, and anyone but the provincial centre or the operator", () => {
    const db = `sqlite:${join(dir, "refused.db")}`
    expect(cli(db, ["user", "add", "--id", "dc-3301", "--name", "ศจพ.อ.", "--role", "districtCentre", "--scope", "3301", "--key", "u1"]).status).toBe(0)
    const nobody = cli(db, ["token", "create", "--user", "mallory", "--lang", "en"])
    expect([nobody.status, nobody.stdout, nobody.stderr]).toEqual([2, "", "phungpao: no user mallory: add it with 'pnpm cli user add'\n"])
    const own = cli(db, ["token", "create", "--user", "dc-3301"]).stdout.trim()
    const byDistrict = cli(db, ["token", "create", "--user", "dc-3301", "--as", "dc-3301", "--lang", "en"], { PHUNGPAO_TOKEN: own })
    expect([byDistrict.status, byDistrict.stdout, byDistrict.stderr]).toEqual([2, "", "phungpao: dc-3301 may not manageTokens\n"])
    expect(cli(db, ["token", "revoke", "T-7", "--lang", "en"]).stderr).toBe("phungpao: no token T-7\n")
  })
})
