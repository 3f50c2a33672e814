import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests that start the built programs share two cores with the rest of the suite.
    testTimeout: 180_000,
    hookTimeout: 120_000
  }
})
