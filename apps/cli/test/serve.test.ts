import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "phungpao-serve-"))

describe("phungpao serve", () => {
  it("serves the API on the command line's database: a token from 'token create' reads it, and SIGTERM stops it with 0", async () => {
    const db = `sqlite:${join(dir, "serve.db")}`
    const cli = (args: ReadonlyArray<string>) => spawnSync(process.execPath, [main, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: db } })
    expect(cli(["user", "add", "--id", "pc", "--name", "ศจพ.จ.", "--role", "provincialCentre", "--scope", "33", "--key", "u1"]).status).toBe(0)
    const token = cli(["token", "create", "--user", "pc"]).stdout.trim()
    const child = spawn(process.execPath, [main, "serve", "--port", "0"], { cwd: dir, env: { ...process.env, DATABASE_URL: db }, stdio: ["ignore", "pipe", "pipe"] })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ""
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString("utf8")
        const found = /phungpao api on (http:\/\/\S+)/.exec(out)?.[1]
        if (found !== undefined) resolve(found)
      })
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)))
    })
    const rounds = await fetch(`${url}/v1/rounds`, { headers: { authorization: `Bearer ${token}` } })
    expect([rounds.status, await rounds.json()]).toEqual([200, { items: [] }])
    expect((await fetch(`${url}/v1/rounds`)).status).toBe(401)
    // A body read from the socket as it arrives (Content-Length), and one sent in chunks.
    const [record] = (await import("@phungpao/synthetic")).generate({ province: "33", households: 1, seed: 3 })
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" }
    const decided = await fetch(`${url}/v1/evaluate`, { method: "POST", headers, body: JSON.stringify(record) })
    expect(decided.status).toBe(200)
    expect(((await decided.json()) as { houseCode: string }).houseCode).toBe(record!.houseCode)
    const chunked = await fetch(`${url}/v1/evaluate`, {
      method: "POST",
      headers,
      body: new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(JSON.stringify([record]))); c.close() } }),
      duplex: "half"
    } as RequestInit)
    expect([chunked.status, ((await chunked.json()) as Array<unknown>).length]).toEqual([200, 1])
    // The dashboard is served beside the API: its public page needs no sign-in.
    const page = await fetch(`${url}/public`)
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=UTF-8"])
    expect(await page.text()).toContain("รายงานสาธารณะ")
    expect((await fetch(`${url}/`, { redirect: "manual" })).headers.get("location")).toBe("/signin")
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })
})
