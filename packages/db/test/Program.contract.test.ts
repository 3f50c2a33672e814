import { FundMemory, JourneyMemory, ProgramMemory, RegistryMemory } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { FundSql, JourneySql, Migrations, ProgramSql, RegistrySql } from "../src/index.js"
import { describeProgramStore } from "./contract/program.js"
import { type EngineName, freshDatabase } from "./engines.js"

const onDatabase = (engine: EngineName) =>
  Layer.mergeAll(ProgramSql.layer, FundSql.layer, JourneySql.layer, RegistrySql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))

describeProgramStore("memory", () => Layer.mergeAll(ProgramMemory.layerMemory, FundMemory.layerMemory, JourneyMemory.layerMemory, RegistryMemory.layerMemory))
describeProgramStore("SQLite", () => onDatabase("sqlite"))
describeProgramStore("PostgreSQL", () => onDatabase("postgres"))
