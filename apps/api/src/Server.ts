/**
 * The API as a server process: the database `DATABASE_URL` names (the CLI's embedded
 * SQLite file by default), migrated at start-up; `PORT` (8080) and `HOST` (127.0.0.1);
 * `PHUNGPAO_UPLOADS`, the folder uploads are kept in for the workers (`Imports.folderOf`);
 * one JSON line per request on standard output; on SIGTERM or SIGINT it stops taking
 * connections, lets the requests in flight finish, closes the database and exits 0.
 */
import { serve } from "@hono/node-server"
import { type Config, fromEnv } from "@phungpao/db"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { AddressInfo } from "node:net"
import { makeApp } from "./App.js"
import * as Imports from "./Imports.js"
import { runner } from "./Run.js"
import * as Services from "./Services.js"
import { warmUp } from "./Warmup.js"

/**
 * A face served beside the API by the same server (the dashboard): given the API's own
 * handler, it answers every request, passing the API's paths on to it.
 */
export interface Front {
  readonly name: string
  readonly make: (api: { readonly fetch: (request: Request) => Response | Promise<Response> }) => {
    readonly fetch: (request: Request) => Response | Promise<Response>
  }
}

export interface Started {
  readonly url: string
  /** Stops as SIGTERM does: resolves once the requests in flight are answered and the database is closed. */
  readonly stop: () => Promise<void>
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@")

const describe = (config: Config) => (config.engine === "sqlite" ? `sqlite:${config.file}` : redact(config.url))

/** Starts the server; `signals` makes SIGTERM and SIGINT stop it and exit. */
export const start = async (env: Readonly<Record<string, string | undefined>> = process.env, signals = true, front?: Front): Promise<Started> => {
  const config = fromEnv(env)
  const port = Number(env["PORT"] ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${JSON.stringify(env["PORT"])}`)
  const host = env["HOST"] ?? "127.0.0.1"
  const uploads = Imports.folderOf(env, config.engine === "sqlite" ? config.file : undefined)
  const runtime = ManagedRuntime.make(Services.live(config))
  // Built now, not on the first request: migrations run before the port opens.
  const run = runner(await runtime.runtime())
  const origins = (env["CORS_ORIGINS"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "")
  const perMinute = env["RATE_LIMIT_PER_MINUTE"] === undefined ? undefined : Number(env["RATE_LIMIT_PER_MINUTE"])
  // The request log, written once an event-loop turn: under load one write carries the
  // lines of many requests instead of one system call each.
  let pending: Array<string> = []
  const flush = () => {
    if (pending.length === 0) return
    const text = pending.join("")
    pending = []
    process.stdout.write(text)
  }
  const log = (line: Readonly<Record<string, unknown>>) => {
    if (pending.length === 0) setImmediate(flush)
    pending.push(`${JSON.stringify(line)}\n`)
  }
  const app = makeApp({
    log,
    uploads,
    // The layer is built: its own failure (a schema too new) was thrown above.
    run,
    corsOrigins: origins,
    ...(perMinute === undefined || !Number.isFinite(perMinute) ? {} : { rateLimit: { points: perMinute, perSeconds: 60 } })
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const handler = front === undefined ? app : front.make(app)
    const s = serve({ fetch: handler.fetch, port, hostname: host }, () => resolve(s))
  })
  const address = server.address() as AddressInfo
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`
  process.stdout.write(
    `phungpao api on ${url} (database ${describe(config)}) · docs ${url}/docs · OpenAPI ${url}/openapi.json${front === undefined ? "" : ` · ${front.name} ${url}/`}\n`
  )

  // Warmed in the background: requests are answered meanwhile (the first ones read afresh).
  const warming = performance.now()
  void Promise.resolve(run(warmUp)).then((exit) => {
    const seconds = ((performance.now() - warming) / 1000).toFixed(1)
    if (exit._tag === "Success") {
      process.stdout.write(`phungpao api warm in ${seconds} s (round ${exit.value.round ?? "none"}, ${exit.value.households} households in the journey)\n`)
    } else log({ at: new Date().toISOString(), warmUp: "failed", seconds: Number(seconds) })
  })

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      // Stops taking connections and ends the idle ones kept alive (Node ≥ 19); a request
      // in flight is answered first.
      server.close(() => resolve())
    }).then(() => {
      flush()
      return runtime.dispose()
    }))
  if (signals) {
    const onSignal = () => {
      const timer = setTimeout(() => process.exit(1), 15_000)
      timer.unref()
      void stop().then(() => process.exit(0))
    }
    process.once("SIGTERM", onSignal)
    process.once("SIGINT", onSignal)
  }
  return { url, stop }
}
