import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The streaming tests read and write hundreds of thousands of rows on a shared machine.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
