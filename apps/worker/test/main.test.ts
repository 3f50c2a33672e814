import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))

describe("worker", () => {
  it("starts, names its rule set and stops with --once", () => {
    const out = execFileSync(process.execPath, [main, "--once"], { encoding: "utf8" })
    expect(out).toContain("phungpao worker ready (rule set tpmap-2565)")
  })
})
