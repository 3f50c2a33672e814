import { FundMemory } from "@phungpao/domain"
import { describeFundStore } from "./contract/fund.js"
import { fundBooks } from "./FundEngines.js"

describeFundStore("memory", () => FundMemory.layerMemory)
describeFundStore("SQLite", () => fundBooks("sqlite"))
describeFundStore("PostgreSQL", () => fundBooks("postgres"))
