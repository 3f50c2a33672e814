/**
 * Makes sure the PostgreSQL the tests use is there before any test runs: the project's
 * own database (`phungpao_test` unless PHUNGPAO_PG_URL names another), created when
 * missing. PostgreSQL tests never skip: a missing server fails the run with what to do.
 */
import pg from "pg"
import { postgresUrl } from "../world.js"

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@")

export default async function setup(): Promise<void> {
  const target = new URL(postgresUrl)
  const name = decodeURIComponent(target.pathname.slice(1))
  const client = new pg.Client({ connectionString: postgresUrl })
  try {
    await client.connect()
    await client.end()
    return
  } catch (error) {
    await client.end().catch(() => undefined)
    // 3D000: the server is up but the database does not exist yet.
    if ((error as { code?: string }).code !== "3D000") throw unreachable(error)
  }
  const admin = new URL(postgresUrl)
  admin.pathname = "/postgres"
  const adminClient = new pg.Client({ connectionString: admin.toString() })
  try {
    await adminClient.connect()
  } catch (error) {
    throw unreachable(error)
  }
  try {
    await adminClient.query(`create database "${name.replaceAll('"', '""')}"`)
  } catch (error) {
    // 42P04: another test run created it meanwhile.
    if ((error as { code?: string }).code !== "42P04") throw error
  } finally {
    await adminClient.end()
  }
}

const unreachable = (error: unknown) =>
  new Error(
    `The @phungpao/api tests need PostgreSQL at ${redact(postgresUrl)} and could not connect: ` +
      `${error instanceof Error ? error.message : String(error)}. ` +
      `Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or point PHUNGPAO_PG_URL at a server ` +
      `where the user may create the test database.`,
    { cause: error }
  )
