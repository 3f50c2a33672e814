/**
 * The API and the dashboard in one server process: the API's `start` with the dashboard
 * as its front. `pnpm serve` runs it (see the API's `Server.start` for the environment).
 */
import { start as startApi } from "@phungpao/api/server"
import { front } from "./Web.js"

const log = (line: Readonly<Record<string, unknown>>) => process.stdout.write(`${JSON.stringify(line)}\n`)

export const start = (env: Readonly<Record<string, string | undefined>> = process.env, signals = true) =>
  startApi(env, signals, front({ log, secureCookies: env["PHUNGPAO_SECURE_COOKIES"] === "true" }))
