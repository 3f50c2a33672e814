/**
 * Who acts on the command line, by the one identity path the HTTP API uses too: a stored
 * user's API token (`token create --user ID` prints it) proves who is acting, through
 * `ApiToken.authenticate`, with the role and areas stored for that user now. The token
 * comes from `PHUNGPAO_TOKEN` in the environment or the file `--token-file FILE` names;
 * `--as ID` is only a check that the token is ID's, and is refused without a token (a
 * name typed at a shell proves nothing). A batch (`fund batch --tokens FILE`) holds the
 * tokens of every user its lines act as (`--as ID` on a line picks one of them).
 *
 * With no token the operator acts: the person at the machine's shell, as `cli:$USER` with
 * role `system` over the whole country. The operator holds no seat of the fund (may not
 * approve, reject, pay, nor set the fund's settings): whoever can run the program on the
 * database can do what `system` may, so the database file (and the PostgreSQL login) is
 * what guards that (docs/operations.md).
 */
import { readFileSync, statSync } from "node:fs"
import { type Access, ApiToken, type Actor } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Cli from "./Cli.js"
import * as Registry from "./Registry.js"

/** The options every acting command reads. */
export const options = { as: { type: "string" }, "token-file": { type: "string" } } as const

/**
 * A file of secrets, readable by its owner only (mode 0600, as ssh wants of a key): the
 * tokens, one a line (blank lines and lines starting with # skipped).
 */
export const secretsIn = (file: string, option: string): ReadonlyArray<string> => {
  let text: string
  try {
    if ((statSync(file).mode & 0o077) !== 0) {
      throw new Cli.UsageError(`${option} ${file}: others may read it; make it readable by its owner only (chmod 600 ${file})`)
    }
    text = readFileSync(file, "utf8")
  } catch (e) {
    if (e instanceof Cli.UsageError) throw e
    throw new Cli.UsageError(`${option} ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`)
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"))
}

/** The secret a single command acts with: `--token-file FILE`, else `PHUNGPAO_TOKEN`, else none. */
const secretOf = (values: Cli.Values): string | undefined => {
  const file = Cli.text(values, "token-file")
  if (file === undefined) return process.env["PHUNGPAO_TOKEN"]?.trim() || undefined
  const secrets = secretsIn(file, "--token-file")
  if (secrets.length !== 1) throw new Cli.UsageError(`--token-file ${file}: expected one token, found ${secrets.length}`)
  return secrets[0]
}

/** The users a running batch acts as, authenticated when it started, by id; and who a line without `--as` is. */
let batch: { readonly users: ReadonlyMap<string, Actor.Actor>; readonly otherwise: Actor.Actor } | undefined

/**
 * Authenticates a batch's tokens (and `PHUNGPAO_TOKEN`, who acts on lines without
 * `--as`), then runs `lines` with them; every line's `--as` must be one of them.
 */
export const inBatch = async <A>(
  secrets: ReadonlyArray<string>,
  authenticate: (program: Effect.Effect<ReadonlyArray<Actor.Actor>, ApiToken.Unauthenticated, ApiToken.Tokens | ApiToken.Secrets | Access.Users>) => Promise<ReadonlyArray<Actor.Actor>>,
  lines: () => Promise<A>
): Promise<A> => {
  const fromEnv = process.env["PHUNGPAO_TOKEN"]?.trim() || undefined
  const actors = await authenticate(Effect.forEach([...(fromEnv === undefined ? [] : [fromEnv]), ...secrets], (s) => ApiToken.authenticate(s)))
  batch = { users: new Map(actors.map((a) => [a.id, a])), otherwise: fromEnv === undefined ? Registry.actor : actors[0]! }
  try {
    return await lines()
  } finally {
    batch = undefined
  }
}

/** The acting user of a command: the token's user (`--as`, if given, must be theirs), or the operator when there is no token. */
export const actorOf = (values: Cli.Values) => {
  const claimed = Cli.text(values, "as")
  if (batch !== undefined) {
    if (Cli.text(values, "token-file") !== undefined) throw new Cli.UsageError("--token-file: a batch line acts with the batch's --tokens")
    if (claimed === undefined) return Effect.succeed(batch.otherwise)
    const user = batch.users.get(claimed)
    return user === undefined ? Effect.fail(new ApiToken.IdentityUnproven({ claimed })) : Effect.succeed(user)
  }
  return Effect.map(ApiToken.claim(secretOf(values), claimed), Option.getOrElse(() => Registry.actor))
}
