/**
 * API tokens: a secret a stored user carries in `Authorization: Bearer …`, of which the
 * books keep only a hash. A token acts as its user (their role and scope, read afresh on
 * every request), until it expires or is revoked. Issuing, listing and revoking tokens is
 * the provincial centre's (`Access.table.manageTokens`).
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Access from "./Access.js"
import type * as Actor from "./Actor.js"

export const TokenId = Schema.String.pipe(
  Schema.pattern(/^T-\d+$/, { identifier: "TokenId", description: "T- and a number" }),
  Schema.brand("TokenId")
)
export type TokenId = typeof TokenId.Type

/** A token as the books keep it: never the secret, only its hash. */
export const Stored = Schema.Struct({
  id: TokenId,
  user: Schema.String,
  hash: Schema.String,
  createdAt: Schema.String,
  createdBy: Schema.String,
  expiresAt: Schema.optionalWith(Schema.String, { exact: true }),
  revokedAt: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "ApiToken" })
export type Stored = typeof Stored.Type

/** A token as listed: what it is, never its hash. */
export type Listed = Omit<Stored, "hash">

/** The tokens' port. Adapters live in `@phungpao/db`; `AccessMemory` is the fake. */
export class Tokens extends Context.Tag("@phungpao/domain/ApiToken/Tokens")<
  Tokens,
  {
    /** The next token number: 1, 2, 3, … never a repeat. */
    readonly next: () => Effect.Effect<number>
    readonly put: (token: Stored) => Effect.Effect<void>
    readonly byHash: (hash: string) => Effect.Effect<Option.Option<Stored>>
    readonly list: () => Effect.Effect<ReadonlyArray<Stored>>
    /** Marks a token revoked at `at` (once: a revoked token stays as it was); false when there is no such token. */
    readonly revoke: (id: TokenId, at: string) => Effect.Effect<boolean>
  }
>() {}

/** Where secrets come from and how they are hashed: randomness and hashing stay out of the core. */
export class Secrets extends Context.Tag("@phungpao/domain/ApiToken/Secrets")<
  Secrets,
  {
    /** A new secret, unguessable, printable (it goes in an HTTP header). */
    readonly fresh: Effect.Effect<string>
    readonly hash: (secret: string) => string
  }
>() {}

/** No token, or one that is unknown, expired or revoked: the request acts as nobody. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: Schema.Literal("missing", "unknown", "expired", "revoked")
}) {
  override get message(): string {
    return this.reason === "missing" ? "no API token" : `the API token is ${this.reason}`
  }
}

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/**
 * Issues a token for a stored user, valid `expiresDays` days (or until revoked): the
 * secret is returned once and never stored.
 *
 * @example ApiToken.issue(province, { user: "dc-3301", expiresDays: 90 }) // { secret: "php_…", token: { id: "T-1", … } }
 */
export const issue = (actor: Actor.Actor, input: { readonly user: string; readonly expiresDays?: number }) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "manageTokens")
    yield* Access.resolve(input.user)
    const secrets = yield* Secrets
    const tokens = yield* Tokens
    const secret = yield* secrets.fresh
    const at = yield* now
    const token: Stored = {
      id: `T-${yield* tokens.next()}` as TokenId,
      user: input.user,
      hash: secrets.hash(secret),
      createdAt: at,
      createdBy: actor.id,
      ...(input.expiresDays === undefined ? {} : { expiresAt: new Date(Date.parse(at) + input.expiresDays * 86_400_000).toISOString() })
    }
    yield* tokens.put(token)
    const { hash: _, ...listed } = token
    return { secret, token: listed as Listed }
  })

/** Every token, newest last, without hashes. */
export const list = (actor: Actor.Actor) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "manageTokens")
    return (yield* (yield* Tokens).list()).map(({ hash: _, ...listed }): Listed => listed)
  })

/** Revokes a token: from now on it acts as nobody. */
export const revoke = (actor: Actor.Actor, id: TokenId) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "manageTokens")
    const revoked = yield* (yield* Tokens).revoke(id, yield* now)
    if (!revoked) return yield* new Access.NotFound({ what: "token", id })
  })

/**
 * The acting user a secret stands for: its token's user with the role and scope stored
 * for them now; `Unauthenticated` for no, an unknown, an expired or a revoked token (or a
 * user no longer stored).
 */
export const authenticate = (secret: string | undefined) =>
  Effect.gen(function* () {
    if (secret === undefined || secret === "") return yield* new Unauthenticated({ reason: "missing" })
    const found = yield* (yield* Tokens).byHash((yield* Secrets).hash(secret))
    if (Option.isNone(found)) return yield* new Unauthenticated({ reason: "unknown" })
    const token = found.value
    if (token.revokedAt !== undefined) return yield* new Unauthenticated({ reason: "revoked" })
    if (token.expiresAt !== undefined && token.expiresAt <= (yield* now)) return yield* new Unauthenticated({ reason: "expired" })
    return yield* Effect.catchTag(Access.resolve(token.user), "UnknownUser", () => Effect.fail(new Unauthenticated({ reason: "unknown" })))
  })

/**
 * A caller named a user to act as without proving it: no token of that user (`tokenUser`
 * absent), or the token of someone else. A name is a claim; only a token proves it.
 */
export class IdentityUnproven extends Schema.TaggedError<IdentityUnproven>()("IdentityUnproven", {
  claimed: Schema.String,
  tokenUser: Schema.optionalWith(Schema.String, { exact: true })
}) {
  override get message(): string {
    return this.tokenUser === undefined
      ? `acting as ${this.claimed} needs ${this.claimed}'s API token`
      : `the API token is ${this.tokenUser}'s, not ${this.claimed}'s`
  }
}

/**
 * Who a caller acts as, from the secret they hold and the user they name, if any: the
 * token's user (the name, when given, must be theirs); `IdentityUnproven` for a name
 * without a token; none for neither, where the app decides (the command line's operator,
 * the API's refusal).
 *
 * @example ApiToken.claim(undefined, "m1") // fails IdentityUnproven { claimed: "m1" }
 */
export const claim = (secret: string | undefined, claimed: string | undefined) =>
  Effect.gen(function* () {
    if (secret === undefined || secret === "") {
      if (claimed !== undefined) return yield* new IdentityUnproven({ claimed })
      return Option.none<Actor.Actor>()
    }
    const actor = yield* authenticate(secret)
    if (claimed !== undefined && claimed !== actor.id) return yield* new IdentityUnproven({ claimed, tokenUser: actor.id })
    return Option.some(actor)
  })
