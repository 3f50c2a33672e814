import { Effect, Exit, Runtime } from "effect"
import { describe, expect, it } from "vitest"
import { runner } from "../src/Run.js"

const run = runner(Runtime.defaultRuntime)

describe("Run.runner", () => {
  it("takes a program that is an exit already as its own answer", () => {
    const success = Exit.succeed({ decided: 1 })
    const failure = Exit.fail("refused")
    expect(run(success)).toBe(success)
    expect(run(failure)).toBe(failure)
  })

  it("runs a program that waits for nothing to its end at once", () => {
    const exit = run(Effect.map(Effect.sync(() => 20), (n) => n + 1))
    expect(exit instanceof Promise).toBe(false)
    expect(exit).toEqual(Exit.succeed(21))
    const failed = run(Effect.flatMap(Effect.sync(() => 1), () => Effect.fail("refused")))
    expect(failed instanceof Promise).toBe(false)
    expect(Exit.isFailure(failed as Exit.Exit<never, string>)).toBe(true)
  })

  it("gives a promise of the exit of a program that waits", async () => {
    const ran = run(Effect.as(Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 5))), "later"))
    expect(ran instanceof Promise).toBe(true)
    expect(await ran).toEqual(Exit.succeed("later"))
  })
})
