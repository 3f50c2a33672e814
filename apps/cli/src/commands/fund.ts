/**
 * `phungpao fund …`: the poverty eradication fund's books from the command line. Every
 * write runs the domain's command under an idempotency key (`--key`, or one made up and
 * printed) as the acting user (`--as`), whose role comes from the fund's settings; reads
 * list the books, reconcile a bank statement and print the two reports. Each group of
 * commands is a module of `fund/`; this one dispatches to them and runs a batch of them.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import * as Cli from "../Cli.js"
import { contributor } from "./fund/contributor.js"
import { pledge } from "./fund/pledge.js"
import { receipt } from "./fund/receipt.js"
import { reconcile } from "./fund/reconcile.js"
import { balances, report } from "./fund/report.js"
import { request, step } from "./fund/request.js"
import { books, common, onOneConnection } from "./fund/run.js"
import { configure, settings } from "./fund/settings.js"
import * as Identity from "../Identity.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"

/** The words of a line as a shell splits them: spaces separate, quotes ('…' or "…") keep spaces in. */
export const words = (line: string): Array<string> => {
  const out: Array<string> = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  let word: string | undefined
  let end = -1
  for (const m of line.matchAll(pattern)) {
    const piece = m[1] ?? m[2] ?? m[3] ?? ""
    // Pieces with no space between them are one word (--name="a b").
    if (word !== undefined && m.index === end) word += piece
    else {
      if (word !== undefined) out.push(word)
      word = piece
    }
    end = m.index + m[0].length
  }
  if (word !== undefined) out.push(word)
  return out
}

/**
 * `fund batch FILE [--tokens TOKENS]`: runs the fund commands written one a line in FILE
 * (as after `pnpm cli fund`; blank lines and lines starting with # skipped) in one
 * process. A line acts as the user its `--as` names, who must be one of the users the
 * tokens in TOKENS (one a line, a file readable by its owner only) stand for; a line
 * without `--as` acts as `PHUNGPAO_TOKEN`'s user, or the operator. A line that fails
 * stops the batch with its line number; the exit status is the highest of the lines' (1
 * when a reconciliation did not match).
 *
 * A line without `--key` gets `batch:<the first 32 hex digits of the SHA-256 of the
 * file's bytes>:<line number>`: running the same file again, after a crash or a kill
 * midway, replays the lines already done instead of booking them twice.
 */
const batch = async (args: ReadonlyArray<string>) => {
  const { positionals, values } = Cli.parse(args, { ...common, tokens: { type: "string" } })
  const tokensFile = Cli.text(values, "tokens")
  const secrets = tokensFile === undefined ? [] : Identity.secretsIn(tokensFile, "--tokens")
  const file = Cli.readable(positionals[0])
  const bytes = file === "-" ? await new Promise<Buffer>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    process.stdin.on("data", (d: Buffer) => chunks.push(d)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject)
  }) : readFileSync(file)
  const source = bytes.toString("utf8")
  const fileKey = createHash("sha256").update(bytes).digest("hex").slice(0, 32)
  const lines = async () => {
    let status = 0
    for (const [i, line] of source.split(/\r?\n/).entries()) {
      if (line.trim() === "" || line.trimStart().startsWith("#")) continue
      const argv = words(line)
      if (argv[0] === "batch") throw new Cli.UsageError(`${file}: line ${i + 1}: a batch cannot run a batch`)
      try {
        status = Math.max(status, await Cli.withLineKey(`batch:${fileKey}:${i + 1}`, () => run(argv)))
      } catch (e) {
        if (e instanceof Error) e.message = `${file}: line ${i + 1}: ${e.message}`
        if (e instanceof Registry.Refused) e.lang = Lang.of(argv) ?? e.lang
        throw e
      }
    }
    return status
  }
  // One connection for the whole batch; a line's error ends it as the error it is.
  return onOneConnection(() => Identity.inBatch(secrets, books, lines))
}

const help = () => {
  throw new Cli.UsageError("expected a fund command: configure, settings, contributor, pledge, receipt, request, approve, reject, pay, cancel, balances, reconcile, report, batch")
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = args
  switch (name) {
    case "configure":
      return configure(rest)
    case "settings":
      return settings(rest)
    case "contributor":
      return contributor(rest)
    case "pledge":
      return pledge(rest)
    case "receipt":
      return receipt(rest)
    case "request":
      return request(rest)
    case "approve":
    case "reject":
    case "pay":
    case "cancel":
      return step(name, rest)
    case "balances":
      return balances(rest)
    case "reconcile":
      return reconcile(rest)
    case "report":
      return report(rest)
    case "batch":
      return batch(rest)
    default:
      return help()
  }
}
