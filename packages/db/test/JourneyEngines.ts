/** The household journey's store (and the registry it reads records from) on a fresh database of an engine, at the latest schema. */
import type { JourneyStore, Registry } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { type Database, JourneySql, Migrations, RegistrySql } from "../src/index.js"
import { type EngineName, freshDatabase } from "./engines.js"

export const journey = (
  engine: EngineName
): Layer.Layer<JourneyStore.JourneyStore | Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Database.Database> =>
  Layer.mergeAll(JourneySql.layer, RegistrySql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))
