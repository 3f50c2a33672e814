/**
 * Makes sure the API tests' PostgreSQL database is there before any test runs (the test
 * database's name with `_api`), created when missing; a missing server fails the run.
 */
import { Postgres } from "@phungpao/db"
import { postgresUrl } from "../world.js"

export default (): Promise<void> => Postgres.ensureDatabase(postgresUrl, "The @phungpao/api tests")
