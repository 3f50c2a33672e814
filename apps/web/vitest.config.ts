import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // The browser tests start Chromium and a server; two cores share them with the rest of the suite.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false
  }
})
