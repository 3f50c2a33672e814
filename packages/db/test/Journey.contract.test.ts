import { JourneyMemory } from "@phungpao/domain"
import { describeJourneyStore } from "./contract/journey.js"
import { journey } from "./JourneyEngines.js"

describeJourneyStore("memory", () => JourneyMemory.layerMemory)
describeJourneyStore("SQLite", () => journey("sqlite"))
describeJourneyStore("PostgreSQL", () => journey("postgres"))
