import { RegistryMemory } from "@phungpao/domain"
import { describeRegistry } from "./contract/registry.js"
import { registry } from "./engines.js"

describeRegistry("memory", () => RegistryMemory.layerMemory)
describeRegistry("SQLite", () => registry("sqlite"))
describeRegistry("PostgreSQL", () => registry("postgres"))
