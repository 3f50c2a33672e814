/**
 * The PostgreSQL database a URL names, made when missing: what the test suites and a new
 * installation need before migrating. The server must be up and the user allowed to
 * create databases; an unreachable server fails with what to do.
 */
import pg from "pg"

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@")

/** Connects to the database `url` names, creating it (from the `postgres` database) when it does not exist. */
export const ensureDatabase = async (url: string, who = "Phungpao"): Promise<void> => {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.end()
    return
  } catch (error) {
    await client.end().catch(() => undefined)
    // 3D000: the server is up but the database does not exist yet.
    if ((error as { code?: string }).code !== "3D000") throw unreachable(url, who, error)
  }
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const adminClient = new pg.Client({ connectionString: admin.toString() })
  try {
    await adminClient.connect()
  } catch (error) {
    throw unreachable(url, who, error)
  }
  try {
    await adminClient.query(`create database "${name.replaceAll('"', '""')}"`)
  } catch (error) {
    // 42P04: another run created it meanwhile.
    if ((error as { code?: string }).code !== "42P04") throw error
  } finally {
    await adminClient.end()
  }
}

const unreachable = (url: string, who: string, error: unknown) =>
  new Error(
    `${who} needs PostgreSQL at ${redact(url)} and could not connect: ` +
      `${error instanceof Error ? error.message : String(error)}. ` +
      `Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or point PHUNGPAO_PG_URL at a server ` +
      `where the user may create the database.`,
    { cause: error }
  )
