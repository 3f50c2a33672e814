/** Every route of the API, by context, in the order the OpenAPI document lists them. */
import type { Route } from "./Route.js"
import * as Access from "./routes/access.js"
import * as Fund from "./routes/fund.js"
import * as Imports from "./routes/imports.js"
import * as Jobs from "./routes/jobs.js"
import * as Journey from "./routes/journey.js"
import * as Programs from "./routes/programs.js"
import * as Registry from "./routes/registry.js"

export const all: ReadonlyArray<Route> = [...Registry.routes, ...Imports.routes, ...Journey.routes, ...Fund.routes, ...Programs.routes, ...Jobs.routes, ...Access.routes]
