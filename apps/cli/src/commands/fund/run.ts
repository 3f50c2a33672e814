/**
 * How a fund command runs: the options every one reads, the acting user (`--as`, with
 * the role the fund's settings give it) and the program on the fund's books in the
 * database, on a connection of its own or on the one its batch shares.
 */
import { Actor, FundCommands, type FundRequest, FundStore } from "@phungpao/domain"
import { FundSql } from "@phungpao/db"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Registry from "../../Registry.js"

type Values = Cli.Values

export const common = {
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const
export const writes = { ...common, as: { type: "string" }, key: { type: "string" }, role: { type: "string" }, scope: { type: "string", multiple: true } } as const

/** The open books of a running batch: its commands share one connection and one migration. */
let session: Context.Context<FundStore.FundStore> | undefined

/** Runs a program on the fund's books in the database (migrated first); a domain failure is `Refused`. */
export const books = async <A, E extends { readonly message: string }>(program: Effect.Effect<A, E, FundStore.FundStore>): Promise<A> => {
  if (session === undefined) return Registry.run(Effect.provide(program, FundSql.layer))
  const exit = await Effect.runPromiseExit(Effect.provide(program, session))
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") throw new Registry.Refused(failure.value.message)
  throw Cause.squash(exit.cause)
}

/** Runs `lines`, a batch's commands, with one connection for all of them: `books` runs each on it. */
export const onOneConnection = (lines: () => Promise<number>): Promise<number> =>
  Registry.run(
    Effect.provide(
      Effect.flatMap(Effect.context<FundStore.FundStore>(), (context) =>
        Effect.promise(async () => {
          session = context
          try {
            return await lines()
          } finally {
            session = undefined
          }
        })),
      FundSql.layer
    )
  )

const { text } = Cli

/** The pool named by `--pool-purpose` and `--pool-area` (neither: unrestricted). */
export const poolOf = (values: Values) => ({
  ...(text(values, "pool-purpose") === undefined ? {} : { purpose: text(values, "pool-purpose") }),
  ...(text(values, "pool-area") === undefined ? {} : { area: text(values, "pool-area") })
})

const roles = new Set<string>(Actor.Role.literals)

/**
 * The acting user: `--as ID` (default the operator), with `--role` or the role the
 * settings give the id (committee member, treasurer), and `--scope` areas (default the
 * whole country).
 */
export const actorOf = (values: Values, settings: FundRequest.Settings | undefined, fallback: Actor.Role): Actor.Actor => {
  const id = text(values, "as") ?? Registry.actor.id
  const role = text(values, "role")
  if (role !== undefined && !roles.has(role)) throw new Cli.UsageError(`--role ${role}: expected one of ${[...roles].join(", ")}`)
  const derived: Actor.Role =
    settings?.committee.includes(id) === true ? "fundCommittee" : settings?.treasurers.includes(id) === true ? "treasurer" : fallback
  const scope = (values["scope"] as ReadonlyArray<string> | undefined) ?? [""]
  return { id, role: (role as Actor.Role | undefined) ?? derived, scope }
}

/** Prints a result: JSON encoded by its schema, or a line for people. */
export const show = async <A, I>(format: "json" | "table", schema: Schema.Schema<A, I>, value: A, line: string) => {
  await Cli.write(process.stdout, format === "json" ? `${JSON.stringify(Schema.encodeSync(schema)(value), null, 2)}\n` : `${line}\n`)
  return 0
}

/** A write that needs the fund's settings: the actor and the command run in one program. */
export const withSettings = <A, E extends { readonly message: string }>(
  values: Values,
  fallback: Actor.Role,
  run: (settings: FundRequest.Settings, actor: Actor.Actor) => Effect.Effect<A, E, FundStore.FundStore>
) => books(Effect.flatMap(FundCommands.settings, (settings) => run(settings, actorOf(values, settings, fallback))))
