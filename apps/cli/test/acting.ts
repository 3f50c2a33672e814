/**
 * The tests' way of acting as a stored user, as a person would: `--as ID` goes with ID's
 * API token in `PHUNGPAO_TOKEN`, made once per database by the operator (`token create
 * --user ID`); a `fund batch` gets the tokens of every user its lines name, in a tokens
 * file of mode 0600. A user nobody stored gets no token, so the command goes without one.
 */
import { readFileSync, writeFileSync } from "node:fs"

export interface Result {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

type Run = (database: string, args: ReadonlyArray<string>, env?: Record<string, string>) => Result

/** `run` with tokens for `--as`; `forget(db)` when the database is made anew (a PostgreSQL one keeps its URL). */
export const acting = (run: Run) => {
  const tokens = new Map<string, string | undefined>()
  const tokenOf = (database: string, user: string): string | undefined => {
    const key = `${database}\n${user}`
    if (!tokens.has(key)) {
      const made = run(database, ["token", "create", "--user", user])
      tokens.set(key, made.status === 0 ? made.stdout.trim() : undefined)
    }
    return tokens.get(key)
  }
  const users = (args: ReadonlyArray<string>) => args.flatMap((a, i) => (args[i - 1] === "--as" ? [a] : []))
  const cli = (database: string, args: ReadonlyArray<string>, env: Record<string, string> = {}): Result => {
    if (args[0] === "fund" && args[1] === "batch" && args[2] !== undefined && !args.includes("--tokens")) {
      const named = [...new Set(readFileSync(args[2], "utf8").split(/\r?\n/).flatMap((line) => users(line.split(/\s+/))))]
      const file = `${args[2]}.tokens`
      writeFileSync(file, named.map((user) => tokenOf(database, user)).filter((t) => t !== undefined).map((t) => `${t}\n`).join(""), { mode: 0o600 })
      return run(database, [...args, "--tokens", file], env)
    }
    const [user] = users(args)
    const token = user === undefined ? undefined : tokenOf(database, user)
    return run(database, args, token === undefined ? env : { PHUNGPAO_TOKEN: token, ...env })
  }
  const forget = (database: string) => {
    for (const key of [...tokens.keys()]) if (key.startsWith(`${database}\n`)) tokens.delete(key)
  }
  return { cli, tokenOf, forget }
}
