import { JourneyMemory } from "../src/index.js"
import { describeJourneyStore } from "./journeyContract.js"

describeJourneyStore("memory", () => JourneyMemory.layerMemory)
