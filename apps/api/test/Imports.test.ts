/** The uploads folder: what an import job over HTTP may read, and how an upload is kept. */
import * as Effect from "effect/Effect"
import fc from "fast-check"
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { isAbsolute, join, resolve, sep } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as Imports from "../src/Imports.js"

const folder = mkdtempSync(join(tmpdir(), "phungpao-uploads-test-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("Imports.inside", () => {
  it("accepts a path only when it is absolute and resolves to a file below the folder, whatever `..` and `.` it holds", () => {
    const segment = fc.constantFrom("..", ".", "a", "b.csv", "uploads", "")
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.boolean(), (parts, absolute) => {
        const path = absolute ? join(folder, ...parts) : join(...parts)
        const resolved = resolve(path)
        expect(Imports.inside(folder, path)).toBe(isAbsolute(path) && resolved.startsWith(`${resolve(folder)}${sep}`))
      })
    )
    expect(Imports.inside(folder, folder)).toBe(false)
    expect(Imports.inside(folder, `${folder}-other/x.csv`)).toBe(false)
    expect(Imports.inside(folder, join(folder, "x", "..", "..", "etc", "passwd"))).toBe(false)
    expect(Imports.inside(folder, join(folder, "survey.csv"))).toBe(true)
    expect(Imports.inside(process.cwd(), "survey.csv")).toBe(false)
  })
})

describe("Imports.keep", () => {
  it("keeps an upload 0600 under a name fixed by the uploader, the key, the round and the bytes", async () => {
    const keep = (uploader: string, key: string, round: number, text: string) =>
      Effect.runPromise(Imports.keep(folder, uploader, key, round, new TextEncoder().encode(text), "text/csv"))
    const first = await keep("dc-a", "k1", 2565, "houseCode\n1\n")
    expect(readFileSync(first, "utf8")).toBe("houseCode\n1\n")
    expect(statSync(first).mode & 0o777).toBe(0o600)
    expect(statSync(folder).isDirectory()).toBe(true)
    expect(first.endsWith(".csv")).toBe(true)
    expect(await keep("dc-a", "k1", 2565, "houseCode\n1\n")).toBe(first)
    const others = [await keep("dc-a", "k1", 2565, "houseCode\n2\n"), await keep("dc-a", "k1", 2566, "houseCode\n1\n"), await keep("dc-b", "k1", 2565, "houseCode\n1\n"), await keep("dc-a", "k2", 2565, "houseCode\n1\n")]
    expect(new Set([first, ...others]).size).toBe(5)
    // No temporary part is left behind.
    expect(readdirSync(folder).filter((f) => f.endsWith(".part"))).toEqual([])
    await Effect.runPromise(Imports.discard(others[0]!))
    expect(readdirSync(folder).length).toBe(4)
  })

  it("is kept in PHUNGPAO_UPLOADS, or beside the SQLite file, or under data/ for PostgreSQL", () => {
    expect(Imports.folderOf({ PHUNGPAO_UPLOADS: "/srv/shared/uploads" }, "./data/phungpao.db")).toBe("/srv/shared/uploads")
    expect(Imports.folderOf({}, "/var/lib/phungpao/phungpao.db")).toBe("/var/lib/phungpao/uploads")
    expect(Imports.folderOf({ PHUNGPAO_UPLOADS: " " }, undefined)).toBe(resolve("data", "uploads"))
  })
})
