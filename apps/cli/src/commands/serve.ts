/**
 * `phungpao serve`: the HTTP API (`@phungpao/api`) and the dashboard (`@phungpao/web`)
 * on the same database as the other commands, until SIGTERM or SIGINT. `--port` and `--host` stand for PORT and HOST.
 */
import * as Cli from "../Cli.js"

export const options = {
  port: { type: "string" },
  host: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  if (positionals.length > 0) throw new Cli.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const port = values.port === undefined ? process.env["PORT"] : String(Cli.wholeNumber("port", values.port, 0))
  const env = { ...process.env, ...(port === undefined ? {} : { PORT: port }), ...(values.host === undefined ? {} : { HOST: values.host }) }
  // Its own package, loaded as it is (not bundled): the server with its own dependencies.
  const specifier: string = "@phungpao/web/server"
  const { start } = (await import(specifier)) as { readonly start: (env: Readonly<Record<string, string | undefined>>) => Promise<unknown> }
  await start(env)
  // The server runs until a signal stops it (and exits the process).
  return new Promise<number>(() => undefined)
}
