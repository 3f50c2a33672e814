import { defineConfig } from "tsup"

export default defineConfig({
  entry: { main: "src/main.ts", server: "src/server.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  // The API's server and the chart library load from node_modules, as they are.
  external: ["@phungpao/api", "echarts"]
})
