/**
 * Idempotency of the fund's writes from outside: every command carries a key chosen by
 * its caller. Replaying a key with the same content returns the first result and writes
 * nothing; the same key with different content is refused. A refused command records
 * nothing, so its key stays free for a corrected retry.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * JSON with keys sorted at every level: equal records give equal text, whatever the order
 * their fields came in. Written out by hand because a `JSON.stringify` replacer costs
 * several times more, and every imported household is hashed through this.
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value)
    case "number":
      return Number.isFinite(value) ? String(value) : "null"
    case "boolean":
      return value ? "true" : "false"
    case "object":
      break
    default:
      return "null"
  }
  if (value === null) return "null"
  if (Array.isArray(value)) {
    let out = "["
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i])
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort(compare)
  let out = "{"
  for (const key of keys) {
    const item = record[key]
    if (item === undefined || typeof item === "function") continue
    out += `${out.length === 1 ? "" : ","}${keyJson(key)}:${canonicalJson(item)}`
  }
  return `${out}}`
}

// Field names repeat in every record: quote each once.
const quotedKeys = new Map<string, string>()
const keyJson = (key: string): string => {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = JSON.stringify(key)
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted)
  }
  return quoted
}

/** A caller's idempotency key: any printable text up to 200 characters (a UUID, "bank-2022-01-05-line-17", …). */
export const Key = Schema.String.pipe(
  Schema.filter((s) => /^[\x21-\x7e]{1,200}$/.test(s) || "must be 1 to 200 printable ASCII characters without spaces", {
    identifier: "IdempotencyKey"
  }),
  Schema.brand("IdempotencyKey")
)
export type Key = typeof Key.Type

export const Command = Schema.Literal(
  "recordReceipt",
  "reverseReceipt",
  "pledge",
  "request",
  "approve",
  "reject",
  "pay",
  "cancel",
  "addContributor",
  "configure",
  "proposeSettings",
  "approveSettings"
)
export type Command = typeof Command.Type

/** A command as recorded under its key: enough to recognise a replay and answer it. */
export const Entry = Schema.Struct({
  key: Key,
  command: Command,
  /** `hash` of the command's content: its name, the actor and its input. */
  hash: Schema.String,
  /** The first result, encoded (JSON-safe) by the command's result schema. */
  result: Schema.Unknown,
  at: Schema.String
}).annotations({ identifier: "IdempotencyEntry" })
export type Entry = typeof Entry.Type

/** The key was used before for a different command or content. */
export class KeyReused extends Schema.TaggedError<KeyReused>()("KeyReused", {
  key: Schema.String,
  /** The command first recorded under the key. */
  command: Schema.String
}) {
  override get message(): string {
    return `idempotency key ${this.key} was already used for a different ${this.command}`
  }
}

const fnvOffset = 0xcbf29ce484222325n
const fnvPrime = 0x100000001b3n
const mask64 = (1n << 64n) - 1n

/**
 * A 64-bit FNV-1a hash of the value's canonical JSON (keys sorted, undefined fields
 * dropped), as 16 hex digits. It tells an honest replay from a reused key; it is not a
 * defence against someone forging content, who would need the key anyway.
 *
 * @example hash({ b: 1, a: 2 }) === hash({ a: 2, b: 1 }) // true
 */
export const hash = (value: unknown): string => {
  const text = canonicalJson(value)
  let h = fnvOffset
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * fnvPrime) & mask64
  }
  return h.toString(16).padStart(16, "0")
}

/** A command as a store records it under its key; `C` is the store's commands. */
export interface Recorded<C extends string> {
  readonly key: Key
  readonly command: C
  readonly hash: string
  readonly result: unknown
  readonly at: string
}

/** What a store's transaction keeps of the commands run under keys. */
export interface Book<C extends string> {
  readonly entry: (key: Key) => Effect.Effect<Option.Option<Recorded<C>>>
  readonly record: (entry: Recorded<C>) => Effect.Effect<void>
}

/**
 * Inside a store's transaction, runs `body` once per key: the first run records its
 * result, encoded by `result`; a replay with the same content (`recorded.hash`) decodes
 * and returns it, writing nothing; the key with other content is refused.
 *
 * @example once(tx, { key, command: "approve", hash: hash({ command, actor, input }), at }, FundRequest.Request, body)
 */
export const once = <C extends string, A, I, E>(
  book: Book<C>,
  recorded: Omit<Recorded<C>, "result">,
  result: Schema.Schema<A, I>,
  body: Effect.Effect<A, E>
): Effect.Effect<A, E | KeyReused> =>
  Effect.gen(function* () {
    const first = yield* book.entry(recorded.key)
    if (Option.isSome(first)) {
      if (first.value.hash !== recorded.hash) return yield* new KeyReused({ key: recorded.key, command: first.value.command })
      return yield* Effect.orDie(Schema.decodeUnknown(result)(first.value.result))
    }
    const value = yield* body
    yield* book.record({ ...recorded, result: Schema.encodeSync(result)(value) })
    return value
  })
