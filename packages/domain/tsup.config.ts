import { defineConfig } from "tsup"

export default defineConfig({
  // The root entry, one per context, and the area names apart (see src/index.ts).
  entry: {
    index: "src/index.ts",
    "kernel/index": "src/kernel/index.ts",
    "survey/index": "src/survey/index.ts",
    "registry/index": "src/registry/index.ts",
    "journey/index": "src/journey/index.ts",
    "fund/index": "src/fund/index.ts",
    "program/index": "src/program/index.ts",
    "jobs/index": "src/jobs/index.ts",
    geography: "src/kernel/geography.ts"
  },
  format: ["esm"],
  dts: false,
  sourcemap: true,
  clean: true,
  target: "es2022",
  treeshake: true,
  // Thai names stay readable (and a third smaller) instead of \uXXXX escapes.
  esbuildOptions(options) {
    options.charset = "utf8"
  }
})
