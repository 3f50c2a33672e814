/** `pnpm serve`: the API server (see `Server.start`). */
import { start } from "./Server.js"

start().catch((error: unknown) => {
  process.stderr.write(`phungpao api: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
