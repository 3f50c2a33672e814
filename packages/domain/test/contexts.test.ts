/// <reference types="vite/client" />
/**
 * The domain's contexts depend in one direction only: kernel ← survey ← registry ←
 * journey ← fund ← program (docs/architecture.md). Read from the import lines of every source file,
 * so a new import against the order fails here before it lands.
 */
import { describe, expect, it } from "vitest"
import * as Root from "../src/index.js"
import * as Fund from "../src/fund/index.js"
import * as Jobs from "../src/jobs/index.js"
import * as Journey from "../src/journey/index.js"
import * as Kernel from "../src/kernel/index.js"
import * as Registry from "../src/registry/index.js"
import * as Survey from "../src/survey/index.js"
import * as Program from "../src/program/index.js"

const order = ["kernel", "survey", "registry", "journey", "fund", "program", "jobs"] as const
type Context = (typeof order)[number]

const sources: Record<string, string> = import.meta.glob("../src/**/*.ts", { query: "?raw", import: "default", eager: true })

/** `../src/fund/Pledge.ts` → `fund/Pledge.ts` */
const relative = (path: string) => path.replace(/^\.\.\/src\//, "")

/** Every module a source names in `import … from`, `export … from` or `import(…)`. */
const specifiers = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string
  )

/** The file a relative specifier names, from the importing file's path (both relative to src). */
const resolve = (from: string, specifier: string): string => {
  const parts = from.split("/").slice(0, -1)
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop()
    else if (part !== ".") parts.push(part)
  }
  return parts.join("/").replace(/\.js$/, ".ts")
}

const contextOf = (file: string): Context | undefined => order.find((c) => file.startsWith(`${c}/`))

interface Edge {
  readonly from: string
  readonly to: string
}

const edges = (files: Record<string, string>): ReadonlyArray<Edge> =>
  Object.entries(files).flatMap(([path, text]) =>
    specifiers(text)
      .filter((s) => s.startsWith("."))
      .map((s) => ({ from: relative(path), to: resolve(relative(path), s) }))
  )

/** The imports that point from a context to one after it in the order. */
const againstOrder = (all: ReadonlyArray<Edge>): ReadonlyArray<string> =>
  all.flatMap(({ from, to }) => {
    const a = contextOf(from)
    const b = contextOf(to)
    return a !== undefined && b !== undefined && order.indexOf(b) > order.indexOf(a) ? [`${from} imports ${to}`] : []
  })

/** Module cycles, each as the path that closes it. */
const cycles = (all: ReadonlyArray<Edge>): ReadonlyArray<string> => {
  const next = new Map<string, Array<string>>()
  for (const { from, to } of all) next.set(from, [...(next.get(from) ?? []), to])
  const found: Array<string> = []
  const done = new Set<string>()
  const visit = (file: string, path: ReadonlyArray<string>) => {
    if (path.includes(file)) {
      found.push([...path.slice(path.indexOf(file)), file].join(" → "))
      return
    }
    if (done.has(file)) return
    for (const to of next.get(file) ?? []) visit(to, [...path, file])
    done.add(file)
  }
  for (const file of next.keys()) visit(file, [])
  return found
}

describe("the domain's contexts", () => {
  it("reads every source file, each in one context but the entry", () => {
    const files = Object.keys(sources).map(relative)
    expect(files.length).toBeGreaterThan(45)
    expect(files.filter((f) => contextOf(f) === undefined)).toEqual(["index.ts"])
  })

  it("depend in one direction only: kernel ← survey ← registry ← journey ← fund ← program ← jobs", () => {
    expect(againstOrder(edges(sources))).toEqual([])
  })

  it("have no import cycle between modules", () => {
    expect(cycles(edges(sources))).toEqual([])
  })

  it("import nothing outside the domain but effect, and the CEL library in ProgramRule alone", () => {
    const outside = Object.entries(sources).flatMap(([path, text]) =>
      specifiers(text)
        .filter((s) => !s.startsWith(".") && s !== "effect" && !s.startsWith("effect/"))
        .filter((s) => !(s === "@marcbachmann/cel-js" && relative(path) === "program/ProgramRule.ts"))
        .map((s) => `${relative(path)} imports ${s}`)
    )
    expect(outside).toEqual([])
  })

  it("are each an entry, and the root entry is all of them with the names it always had", () => {
    const entries = [Kernel, Survey, Registry, Journey, Fund, Program, Jobs].map((e) => Object.keys(e))
    const names = entries.flat()
    expect(new Set(names).size).toBe(names.length)
    expect(Object.keys(Root).sort()).toEqual([...names].sort())
    // the names the root entry offered before the contexts were folders
    for (const name of ["Actor", "CitizenId", "SurveyRecord", "RuleSet", "Decision", "Registry", "RegistryMemory", "SurveyImport", "JourneyCommands", "Logbook", "FundCommands", "Ledger", "Receipt", "Pledge"])
      expect(names).toContain(name)
    expect(Root.FundRequest.NotPermitted).toBe(Root.Access.NotPermitted)
    expect(Root.FundCommands.OutOfScope).toBe(Root.Access.OutOfScope)
    expect(Root.RegistryMemory.canonicalJson).toBe(Root.Idempotency.canonicalJson)
  })

  it("declare each error tag once, so one table can map a tag to its meaning", () => {
    const tags = Object.values(sources).flatMap((text) => [...text.matchAll(/TaggedError<\w+>\(\)\(\s*"(\w+)"/g)].map((m) => m[1] as string))
    expect(tags.length).toBeGreaterThan(25)
    expect(tags.filter((t, i) => tags.indexOf(t) !== i)).toEqual([])
  })

  it("catches an import against the order, a cycle and an outside import (the checks can fail)", () => {
    const spoiled = {
      "../src/kernel/Area.ts": 'import * as Ledger from "../fund/Ledger.js"\nimport type { X } from "node:fs"',
      "../src/fund/Ledger.ts": 'export { Area } from "../kernel/Area.js"',
      "../src/survey/Decision.ts": 'const m = await import("../journey/Plan.js")'
    }
    expect(againstOrder(edges(spoiled))).toEqual(["kernel/Area.ts imports fund/Ledger.ts", "survey/Decision.ts imports journey/Plan.ts"])
    expect(cycles(edges(spoiled))).toEqual(["kernel/Area.ts → fund/Ledger.ts → kernel/Area.ts"])
    expect(specifiers(spoiled["../src/kernel/Area.ts"])).toEqual(["../fund/Ledger.js", "node:fs"])
  })
})
