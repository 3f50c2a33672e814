/**
 * The registry for the commands that use it: the database named by `DATABASE_URL` (the
 * embedded SQLite file `./data/phungpao.db` by default), migrated at start-up, with the
 * area directory seeded from the shipped geography the first time.
 */
import { Actor, Registry } from "@phungpao/domain"
import { Database, fromEnv, RegistrySql, Setup } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cause from "effect/Cause"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"

export type Ports = Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory

/** Migrates the database and, when that made it new, seeds the directory with every area. */
export const migrate = Setup.prepare

const layer = () => {
  let config: ReturnType<typeof fromEnv>
  try {
    config = fromEnv(process.env)
  } catch (e) {
    throw new Cli.UsageError((e as Error).message)
  }
  return RegistrySql.layer.pipe(Layer.provideMerge(Database.layer(config)))
}

/** The acting user of the command line: the operator, over the whole country. */
export const actor = Actor.system(`cli:${process.env["USER"] ?? "operator"}`)

/** A domain failure the operator can act on: `main` says it from the refusal table (`Refusal.ts`). */
export class Refused extends Error {
  override readonly name = "Refused"
  /** The language the refusal is to be said in, when the line that failed asked for one (a batch's). */
  lang: "th" | "en" | undefined
  constructor(readonly error: { readonly message: string }) {
    super(error.message)
  }
}

/**
 * Runs a program against the registry after migrating it. Domain failures (a schema too
 * new, a round not evaluated) become `Refused`, holding the failure; defects are thrown.
 */
export const run = async <A, E extends { readonly message: string }>(
  program: Effect.Effect<A, E, Ports | Database.Database>,
  onMigrated: (ran: ReadonlyArray<string>) => void = () => undefined
): Promise<A> => {
  const exit = await Effect.runPromiseExit(
    migrate.pipe(
      Effect.tap((ran) => Effect.sync(() => onMigrated(ran))),
      Effect.zipRight(program),
      Effect.provide(layer()),
      Effect.scoped
    )
  )
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") throw new Refused(failure.value)
  throw Cause.squash(exit.cause)
}
