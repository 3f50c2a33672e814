/**
 * Makes sure the PostgreSQL the tests use is there before any test runs: the project's
 * own database (`phungpao_test` unless PHUNGPAO_PG_URL names another), created when
 * missing. PostgreSQL tests never skip: a missing server fails the run with what to do.
 */
import { Postgres } from "../../src/index.js"
import { postgresUrl } from "../engines.js"

export default (): Promise<void> => Postgres.ensureDatabase(postgresUrl, "The @phungpao/db tests")
