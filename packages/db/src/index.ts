/**
 * Phungpao's registry in a database: the Kysely adapters of the domain's ports for SQLite
 * (an embedded file, the default) and PostgreSQL, the schema's migrations, and how a
 * program chooses its engine from the environment.
 *
 * @example
 * import { Database, Migrations, RegistrySql, fromEnv } from "@phungpao/db"
 * // The registry's ports, on a database brought to the latest schema at start-up.
 * const live = Layer.mergeAll(RegistrySql.layer, Migrations.layer).pipe(Layer.provide(Database.layer(fromEnv(process.env))))
 */
import * as AccessSql from "./AccessSql.js"
import * as Database from "./Database.js"
import * as FundSql from "./FundSql.js"
import * as JobSql from "./JobSql.js"
import * as JourneySql from "./JourneySql.js"
import * as Migrations from "./Migrations.js"
import * as Postgres from "./Postgres.js"
import * as Queue from "./Queue.js"
import * as ProgramSql from "./ProgramSql.js"
import * as RecordText from "./RecordText.js"
import * as RegistrySql from "./RegistrySql.js"
import * as Setup from "./Setup.js"
import * as Verify from "./Verify.js"

export { type Config, defaultSqliteFile, fromEnv } from "./Config.js"
export { AccessSql, Database, FundSql, JobSql, JourneySql, Migrations, Postgres, ProgramSql, Queue, RecordText, RegistrySql, Setup, Verify }
