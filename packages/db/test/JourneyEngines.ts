/** The household journey's store on a fresh database of an engine, at the latest schema. */
import type { JourneyStore } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { type Database, JourneySql, Migrations } from "../src/index.js"
import { type EngineName, freshDatabase } from "./engines.js"

export const journey = (engine: EngineName): Layer.Layer<JourneyStore.JourneyStore | Database.Database> =>
  Layer.mergeAll(JourneySql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))
