/** The fund's books on a fresh database of an engine, at the latest schema. */
import type { FundStore } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { type Database, FundSql, Migrations } from "../src/index.js"
import { type EngineName, freshDatabase } from "./engines.js"

export const fundBooks = (engine: EngineName): Layer.Layer<FundStore.FundStore | Database.Database> =>
  Layer.mergeAll(FundSql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))
