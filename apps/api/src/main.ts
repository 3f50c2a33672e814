/** Serves the API on PORT (default 8787) until SIGINT or SIGTERM. */
import { serve } from "@hono/node-server"
import { makeApp } from "./App.js"

const port = Number(process.env["PORT"] ?? 8787)
const server = serve({ fetch: makeApp().fetch, port, hostname: process.env["HOST"] ?? "127.0.0.1" }, (info) => {
  process.stdout.write(`phungpao api listening on http://${info.address}:${info.port}\n`)
})

const stop = () => server.close(() => process.exit(0))
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
