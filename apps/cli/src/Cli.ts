/**
 * What every command shares: the usage error, option parsing, rule-set parameters from
 * `--param`, writing to standard output with back-pressure, and progress on a terminal.
 */
import { randomUUID } from "node:crypto"
import { once } from "node:events"
import { statSync } from "node:fs"
import { availableParallelism } from "node:os"
import { parseArgs, type ParseArgsConfig } from "node:util"
import { CalendarDate, Idempotency, Indicator, Satang } from "@phungpao/domain"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** A mistake in how the command was called: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

export const parse = <const O extends NonNullable<ParseArgsConfig["options"]>>(args: ReadonlyArray<string>, options: O) => {
  const config = { args: [...args], options, allowPositionals: true as const, strict: true as const }
  try {
    return parseArgs(config)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

const decodeParameters = Schema.decodeUnknownEither(Schema.partialWith(Indicator.Parameters, { exact: true }))
const parameterNames = Object.keys(Indicator.Parameters.fields)

/** Rule-set parameters from `--param name=value` (a what-if). */
export const parameters = (values: ReadonlyArray<string> | undefined): Partial<Indicator.Parameters> => {
  const raw: Record<string, number> = {}
  for (const item of values ?? []) {
    const [name = "", value = ""] = item.split("=", 2)
    if (!parameterNames.includes(name)) {
      throw new UsageError(`--param ${item}: unknown parameter ${JSON.stringify(name)}; known: ${parameterNames.join(", ")}`)
    }
    const number = value.includes("/") ? Number(value.split("/")[0]) / Number(value.split("/")[1]) : Number(value)
    if (value.trim() === "" || Number.isNaN(number)) throw new UsageError(`--param ${item}: ${JSON.stringify(value)} is not a number`)
    raw[name] = number
  }
  const decoded = decodeParameters(raw)
  if (Either.isLeft(decoded)) {
    throw new UsageError(`--param: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
  }
  return decoded.right
}

/**
 * How many worker threads to use besides the main thread: `--jobs N`, or `--jobs auto`
 * for one per core. The default is none: every thread loads its own copy of the domain
 * (about 80 MB), and one thread already evaluates at well over half the speed of merely
 * parsing the file.
 */
export const workers = (jobs: string | undefined): number => {
  if (jobs === undefined) return 0
  if (jobs === "auto") return availableParallelism()
  const n = Number(jobs)
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--jobs ${jobs}: expected auto or a whole number from 0 to 64`)
  return n
}

/** `--format json|table` and `--lang th|en`, as every command with human output takes them. */
export const output = (values: { readonly format?: string | undefined; readonly lang?: string | undefined }) => {
  const format = values.format ?? "table"
  if (format !== "json" && format !== "table") throw new UsageError(`--format ${format}: expected json or table`)
  const lang = values.lang ?? "th"
  if (lang !== "th" && lang !== "en") throw new UsageError(`--lang ${values.lang}: expected th or en`)
  return { format, lang } as { readonly format: "json" | "table"; readonly lang: "th" | "en" }
}

/** A whole-number option, at least `min`. */
export const wholeNumber = (name: string, value: string, min: number): number => {
  const n = Number(value)
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} ${value}: expected a whole number ≥ ${min}`)
  return n
}

/** Checks that the input can be read before any work starts. */
export const readable = (file: string | undefined): string => {
  if (file === undefined) throw new UsageError("missing FILE (a path, or - for standard input)")
  if (file !== "-") {
    try {
      if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`)
    } catch (e) {
      if (e instanceof UsageError) throw e
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`)
    }
  }
  return file
}

/** Writes to a stream, waiting when it asks to. */
export const write = async (stream: NodeJS.WritableStream, text: string): Promise<void> => {
  if (text !== "" && !stream.write(text)) await once(stream, "drain")
}

/** A progress line on standard error, only on a terminal and at most twice a second. */
export const progress = (label: (n: number) => string) => {
  const tty = process.stderr.isTTY === true
  let last = 0
  return {
    tick: (n: number) => {
      if (!tty) return
      const now = Date.now()
      if (now - last < 500) return
      last = now
      process.stderr.write(`\r${label(n)}\u001b[K`)
    },
    done: () => {
      if (tty && last !== 0) process.stderr.write("\r\u001b[K")
    }
  }
}

/** Parsed options, as `parse` gives them. */
export type Values = Record<string, string | boolean | ReadonlyArray<string> | undefined>

/** Decodes a command's input with the domain's schema; a failure names the field and the reason. */
export const decode = <A, I>(schema: Schema.Schema<A, I>, what: string, raw: unknown): A => {
  const result = Schema.decodeUnknownEither(schema, { errors: "all" })(raw)
  if (Either.isLeft(result)) throw new UsageError(`${what}: ${ParseResult.TreeFormatter.formatErrorSync(result.left)}`)
  return result.right
}

/** An option's text, if given. */
export const text = (values: Values, name: string): string | undefined => {
  const v = values[name]
  return typeof v === "string" ? v : undefined
}

/** An option's text; its absence is a usage error naming the command and the option. */
export const required = (values: Values, name: string, what: string): string => {
  const v = text(values, name)
  if (v === undefined || v.trim() === "") throw new UsageError(`${what}: --${name} is required`)
  return v
}

/** `--NAME 1,500.00` in baht, as satang; `fallback` when left out, if given. */
export const baht = (values: Values, name: string, what: string, fallback?: string): number => {
  const raw = text(values, name) ?? fallback
  if (raw === undefined) throw new UsageError(`${what}: --${name} is required`)
  const satang = Satang.parse(raw)
  if (satang === undefined) throw new UsageError(`${what}: --${name} ${raw}: not an amount in baht (write 1500 or 1,500.00)`)
  return satang
}

/** Today in Thailand (UTC+7 all year), as an ISO date. */
export const today = (): string => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)

/** `--NAME 15/03/2565` or `2022-03-15`, as an ISO C.E. date; `fallback` when left out, if given. */
export const day = (values: Values, name: string, what: string, fallback?: string): string => {
  const raw = text(values, name) ?? fallback
  if (raw === undefined) throw new UsageError(`${what}: --${name} is required`)
  const date = CalendarDate.parse(raw)
  if (date === undefined) throw new UsageError(`${what}: --${name} ${raw}: not a date (write 15/03/2565 or 2022-03-15)`)
  return date
}

/** The key a line of a running batch gets when it has no `--key` (see `fund batch`). */
let lineKey: string | undefined

/** Runs `f` with `key` as the idempotency key of a command that is given none. */
export const withLineKey = async <A>(key: string, f: () => Promise<A>): Promise<A> => {
  lineKey = key
  try {
    return await f()
  } finally {
    lineKey = undefined
  }
}

/**
 * The idempotency key: `--key`; in a batch, the line's own (`withLineKey`); or a new one
 * printed on standard error so the operator can repeat the command safely.
 */
export const keyOf = (values: Values, lang: "th" | "en"): Idempotency.Key => {
  const given = text(values, "key")
  if (given !== undefined) return decode(Idempotency.Key, "--key", given)
  if (lineKey !== undefined) return lineKey as Idempotency.Key
  const made = randomUUID()
  process.stderr.write(
    lang === "th" ? `คีย์ของคำสั่ง: ${made} (ส่งซ้ำด้วย --key ${made} จะไม่บันทึกซ้ำ)\n` : `idempotency key: ${made} (repeat with --key ${made} to retry safely)\n`
  )
  return made as Idempotency.Key
}
