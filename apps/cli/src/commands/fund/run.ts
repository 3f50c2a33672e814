/**
 * How a fund command runs: the options every one reads, the acting user (the stored user
 * whose API token is given, with the role and scope `user add` gave them; without a token
 * the operator) and the
 * program on the fund's books in the database, on a connection of its own or on the one
 * its batch shares.
 */
import { type Access, type Actor, type ApiToken, FundStore, JourneyCommands, type Registry as RegistryPorts } from "@phungpao/domain"
import { AccessSql, FundSql, JourneySql } from "@phungpao/db"
import * as Layer from "effect/Layer"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Identity from "../../Identity.js"
import * as Registry from "../../Registry.js"
import * as Table from "../../Table.js"

type Values = Cli.Values

export const common = {
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const
export const writes = { ...common, as: { type: "string" }, "token-file": { type: "string" }, key: { type: "string" } } as const

/** The fund's books, the stored users who act on them and their tokens, on one database. */
const layer = Layer.mergeAll(FundSql.layer, JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)), AccessSql.layer)

/** What a fund command's program may use: the books, the stored users and their tokens, and the registry (a request's household must be in it). */
export type Ports = FundStore.FundStore | Access.Users | ApiToken.Tokens | ApiToken.Secrets | RegistryPorts.HouseholdRegistry

/** The open books of a running batch: its commands share one connection and one migration. */
let session: Context.Context<Ports> | undefined

/** Runs a program on the fund's books in the database (migrated first); a domain failure is `Refused`. */
export const books = async <A, E extends { readonly message: string }>(program: Effect.Effect<A, E, Ports>): Promise<A> => {
  if (session === undefined) return Registry.run(Effect.provide(program, layer))
  const exit = await Effect.runPromiseExit(Effect.provide(program, session))
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") throw new Registry.Refused(failure.value)
  throw Cause.squash(exit.cause)
}

/** Runs `lines`, a batch's commands, with one connection for all of them: `books` runs each on it. */
export const onOneConnection = (lines: () => Promise<number>): Promise<number> =>
  Registry.run(
    Effect.provide(
      Effect.flatMap(Effect.context<Ports>(), (context) =>
        Effect.promise(async () => {
          session = context
          try {
            return await lines()
          } finally {
            session = undefined
          }
        })),
      layer
    )
  )

const { text } = Cli

/** The pool named by `--pool-purpose` and `--pool-area` (neither: unrestricted). */
export const poolOf = (values: Values) => ({
  ...(text(values, "pool-purpose") === undefined ? {} : { purpose: text(values, "pool-purpose") }),
  ...(text(values, "pool-area") === undefined ? {} : { area: text(values, "pool-area") })
})

/** Runs a command as the acting user: the token's, or the operator (see `Identity.actorOf`). */
export const acting = <A, E extends { readonly message: string }>(
  values: Values,
  run: (actor: Actor.Actor) => Effect.Effect<A, E, FundStore.FundStore | Access.Users | RegistryPorts.HouseholdRegistry>
) => books(Effect.flatMap(Identity.actorOf(values), run))

/** Prints a result: JSON encoded by its schema, or a line for people. */
export const show = async <A, I>(format: "json" | "table", schema: Schema.Schema<A, I>, value: A, line: string) => {
  await Cli.write(process.stdout, format === "json" ? `${JSON.stringify(Schema.encodeSync(schema)(value), null, 2)}\n` : `${Table.printableLines(line)}\n`)
  return 0
}
