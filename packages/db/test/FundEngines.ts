/** The fund's books on a fresh database of an engine, at the latest schema. */
import type { FundStore, Registry } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { type Database, FundSql, Migrations, RegistrySql } from "../src/index.js"
import { type EngineName, freshDatabase } from "./engines.js"

export const fundBooks = (engine: EngineName): Layer.Layer<FundStore.FundStore | Registry.HouseholdRegistry | Database.Database> =>
  Layer.mergeAll(FundSql.layer, RegistrySql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))
