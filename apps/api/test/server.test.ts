/**
 * The real server process, over TCP: it migrates a new SQLite file at start-up, prints
 * its address, answers on a free port, logs one JSON line a request, and on SIGTERM
 * answers the request in flight, closes the database and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const main = new URL("../dist/main.js", import.meta.url).pathname
const folder = mkdtempSync(join(tmpdir(), "phungpao-server-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const started = (child: ChildProcess) =>
  new Promise<{ url: string; lines: Array<string> }>((resolve, reject) => {
    const lines: Array<string> = []
    let buffer = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const parts = buffer.split("\n")
      buffer = parts.pop()!
      for (const line of parts) {
        lines.push(line)
        const url = /phungpao api on (http:\/\/\S+)/.exec(line)?.[1]
        if (url !== undefined) resolve({ url, lines })
      }
    })
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before it listened`)))
  })

const get = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    request(url, (res) => {
      let body = ""
      res.on("data", (c: Buffer) => (body += c.toString("utf8")))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
      .on("error", reject)
      .end()
  })

describe("the server process", () => {
  it("starts on a free port, migrates, answers over TCP, logs, and stops cleanly on SIGTERM", async () => {
    const file = join(folder, "phungpao.db")
    const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `sqlite:${file}` }, stdio: ["ignore", "pipe", "pipe"] })
    const { url, lines } = await started(child)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(lines[0]).toContain(`${url}/docs`)
    expect(statSync(file).mode & 0o777).toBe(0o600)

    expect((await get(`${url}/health`)).status).toBe(200)
    const ready = await get(`${url}/ready`)
    expect([ready.status, JSON.parse(ready.body)]).toEqual([200, { status: "ready" }])
    const unauthenticated = await get(`${url}/v1/rounds`)
    expect(unauthenticated.status).toBe(401)
    const open = await get(`${url}/v1/fund/reports/public`)
    expect(open.status).toBe(200)
    // A body over the limit is refused by its Content-Length, before anything reads it.
    const big = await fetch(`${url}/v1/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(2 * 1024 * 1024) })
    expect([big.status, ((await big.json()) as { tag: string }).tag]).toEqual([413, "BodyTooLarge"])

    // A request in flight when SIGTERM arrives (its answer begun: 3.5 MB of the docs
    // page's script) is answered in full before the process exits.
    const whole = (await (await fetch(`${url}/docs/scalar.js`)).arrayBuffer()).byteLength
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve))
    const inFlight = await new Promise<number>((resolve, reject) => {
      request(`${url}/docs/scalar.js`, (res) => {
        child.kill("SIGTERM")
        let length = 0
        res.on("data", (c: Buffer) => (length += c.length))
        res.on("end", () => resolve(length))
      })
        .on("error", reject)
        .end()
    })
    expect(inFlight).toBe(whole)
    expect(await exited).toBe(0)
    const logged = lines.slice(1).filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { route: string; status: number })
    expect(logged.map((l) => [l.route, l.status])).toEqual(expect.arrayContaining([["/health", 200], ["/ready", 200], ["/v1/rounds", 401]]))
  })

  it("exits 1 with a clear message for a bad DATABASE_URL, and listens on nothing", async () => {
    const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: "0", DATABASE_URL: "mysql://nowhere" }, stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")))
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve))
    expect(code).toBe(1)
    expect(stderr).toContain("DATABASE_URL must start with")
  })
})
