import { JourneyMemory, RegistryMemory } from "@phungpao/domain"
import * as Layer from "effect/Layer"
import { describeJourneyStore } from "./contract/journey.js"
import { journey } from "./JourneyEngines.js"

describeJourneyStore("memory", () => Layer.merge(JourneyMemory.layerMemory, RegistryMemory.layerMemory))
describeJourneyStore("SQLite", () => journey("sqlite"))
describeJourneyStore("PostgreSQL", () => journey("postgres"))
