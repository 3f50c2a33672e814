/** `docs/api.md` holds the table of routes and rights the server has: kept equal by this test. */
import { readFileSync, writeFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import * as Routes from "../src/Routes.js"
import { markdown } from "../src/Table.js"

const file = new URL("../../../docs/api.md", import.meta.url)
const start = "<!-- routes: made from apps/api/src/Routes.ts; UPDATE_DOCS=1 pnpm --filter @phungpao/api test rewrites it -->"
const end = "<!-- /routes -->"

describe("docs/api.md", () => {
  it("lists every route with the right it needs and the roles that have it, as the server does", () => {
    const text = readFileSync(file, "utf8")
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    expect(from, "docs/api.md lacks the routes table's markers").toBeGreaterThan(0)
    const table = markdown(Routes.all)
    if (process.env["UPDATE_DOCS"] === "1") writeFileSync(file, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`)
    else expect(text.slice(from + start.length, to).trim()).toBe(table)
  })
})
