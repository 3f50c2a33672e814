/**
 * The fund's books under concurrent clients, on the real engines: each client is a worker
 * thread with its own database handle (its own SQLite connection to the same file, its
 * own PostgreSQL pool on the same schema), all running their share of a seeded plan at
 * once. After every run the invariants are checked (see FundHarness.mjs). The naive books
 * (the same SQL without transaction or lock) run in the same harness and must be caught,
 * which shows the suite can fail.
 *
 * Seeds: PHUNGPAO_FUND_SEEDS (default 3, 2 in CI; `pnpm bench --only fund` runs more).
 */
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { type Checked, check, plan, prepare, race } from "./FundHarness.mjs"
import { type EngineName, engines } from "./engines.js"

const seeds = Number(process.env["PHUNGPAO_FUND_SEEDS"] ?? (process.env["CI"] ? 2 : 3))
/** The naive books get more chances: one broken invariant over them all is what the suite must see. */
const naiveSeeds = Math.max(seeds, 6)

/** One run on a fresh database of the engine: the plan prepared, raced, checked. */
const runSeed = (engine: EngineName, seed: number, naive: boolean): Promise<Checked> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(engines[engine], (config) =>
        Effect.promise(async () => {
          const thePlan = plan({ seed })
          await prepare(config, thePlan)
          const { outcomes } = await race(config, thePlan, { naive })
          return check(config, outcomes)
        })
      )
    )
  )

describe.each([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
] as const)("the fund's books under concurrent clients on %s", (_, engine) => {
  it(`never overdraws a pool, pays a request twice, unbalances the books or runs a key twice (${seeds} seeds)`, { timeout: 300_000 }, async () => {
    const tally: Record<string, number> = {}
    for (let seed = 1; seed <= seeds; seed++) {
      const checked = await runSeed(engine, seed, false)
      expect({ seed, broken: checked.broken }).toEqual({ seed, broken: [] })
      for (const [outcome, n] of Object.entries(checked.tally)) tally[outcome] = (tally[outcome] ?? 0) + n
      expect(checked.paid).toBeGreaterThan(0)
    }
    // The plan did test what it claims: money ran out, keys were replayed and reused,
    // requests were paid, and a second payment was refused.
    expect(tally).toMatchObject({
      ok: expect.any(Number),
      InsufficientFunds: expect.any(Number),
      KeyReused: expect.any(Number),
      InvalidTransition: expect.any(Number)
    })
  })

  it("catches the naive books that read, then write without a lock", { timeout: 300_000 }, async () => {
    const caught: Array<string> = []
    for (let seed = 1; seed <= naiveSeeds && caught.length === 0; seed++) {
      const checked = await runSeed(engine, seed, true)
      caught.push(...checked.broken.map((b) => `${b.name} (${b.example})`))
    }
    expect(caught).not.toEqual([])
  })
})
