/**
 * How the server runs a request's program on its ports: at once, to its end, when the
 * program does nothing asynchronous (a check, an evaluation, a read of SQLite's prepared
 * statements), so the answer is there with no promise and no later turn of the event
 * loop; otherwise, from where it waits, as `runPromiseExit` would. A program that is an
 * exit already (a handler that computed its answer with no port, as `POST /v1/evaluate`
 * does, or `Effect.succeed`) is its own answer: no fiber is made for it.
 */
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import * as Scheduler from "effect/Scheduler"

/** The program's exit, or a promise of it when the program waits for something. */
export const runner =
  <R>(runtime: Runtime.Runtime<R>) =>
  <A, E>(program: Effect.Effect<A, E, R>): Exit.Exit<A, E> | Promise<Exit.Exit<A, E>> => {
    // Making and running a fiber costs more than deciding a record (measured under load).
    if (Exit.isExit(program)) return program as Exit.Exit<A, E>
    // What `Runtime.runSyncExit` does, without making an error of a program that waits:
    // the fiber runs on a scheduler drained here, then (once drained) on the default one.
    const scheduler = new Scheduler.SyncScheduler()
    const fiber = Runtime.runFork(runtime)(program, { scheduler })
    scheduler.flush()
    const exit = fiber.unsafePoll()
    return exit ?? new Promise((resolve) => fiber.addObserver(resolve))
  }
