// The API bench's baseline: a bare Hono app on @hono/node-server (the builds apps/api
// imports, their URLs given by bench/api.mjs) answering every request, whatever its method
// and path, with one constant JSON (read from the file given) through `c.json`.
// Usage: node bench/api-baseline.mjs HONO_URL NODE_SERVER_URL ANSWER.json
// Prints `baseline on http://127.0.0.1:PORT` when listening; SIGTERM stops it.
import { readFileSync } from "node:fs"

const [honoUrl, nodeServerUrl, answerFile] = process.argv.slice(2)
const { Hono } = await import(honoUrl)
const { serve } = await import(nodeServerUrl)
const answer = JSON.parse(readFileSync(answerFile, "utf8"))

const app = new Hono()
app.all("*", (c) => c.json(answer))
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`baseline on http://127.0.0.1:${info.port}\n`)
})
process.once("SIGTERM", () => {
  server.close(() => process.exit(0))
  server.closeIdleConnections?.()
})
