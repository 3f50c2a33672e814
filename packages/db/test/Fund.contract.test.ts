import { FundMemory, RegistryMemory } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { describeFundStore } from "./contract/fund.js"
import { fundBooks } from "./FundEngines.js"

describeFundStore("memory", () => Layer.merge(FundMemory.layerMemory, RegistryMemory.layerMemory))
describeFundStore("SQLite", () => fundBooks("sqlite"))
describeFundStore("PostgreSQL", () => fundBooks("postgres"))
