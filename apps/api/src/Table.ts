/**
 * The routes and who may call them, as the Markdown table `docs/api.md` holds (a test
 * keeps the two equal): method, path, the right of `Access.table` and its roles.
 */
import { Access } from "@phungpao/domain"
import type { Route } from "./Route.js"

export const markdown = (routes: ReadonlyArray<Route>): string =>
  [
    "| method | path | right | roles | scoped | unmask |",
    "|---|---|---|---|---|---|",
    ...routes.map((r) => {
      const roles = r.auth === "public" ? "anyone, no token" : r.action === undefined ? "any token" : (Access.table[r.action] as ReadonlyArray<string>).join(", ")
      return `| ${r.method.toUpperCase()} | \`${r.path}\` | ${r.action === undefined ? "—" : `\`${r.action}\``} | ${roles} | ${r.scoped === true ? "yes" : ""} | ${r.unmask === true ? "yes" : ""} |`
    })
  ].join("\n")
