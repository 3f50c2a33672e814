/** `pnpm serve`: the API and the dashboard (see `server.start`). */
import { start } from "./server.js"

start().catch((error: unknown) => {
  process.stderr.write(`phungpao: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
