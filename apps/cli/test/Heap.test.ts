import { getHeapStatistics } from "node:v8"
import { describe, expect, it } from "vitest"
import * as Heap from "../src/Heap.js"

const used = () => getHeapStatistics().used_heap_size
const mb = 1024 * 1024

/** Some 40 MB of objects kept alive, then let go: garbage that nothing collects until asked. */
const garbage = () => {
  let kept: Array<Array<number>> | undefined = Array.from({ length: 40_000 }, (_, i) => Array.from({ length: 120 }, (_, j) => i + j + 0.5))
  const size = kept.length
  kept = undefined
  return size
}

describe("Heap.ceiling", () => {
  it("collects the garbage when the heap uses more than the ceiling, and leaves it below", () => {
    expect(garbage()).toBe(40_000)
    const before = used()
    Heap.ceiling(Math.floor(before / mb) - 20)()
    expect(used()).toBeLessThan(before - 20 * mb)
  })

  it("does nothing while the heap uses less than the ceiling", () => {
    garbage()
    const before = used()
    Heap.ceiling(Math.ceil(before / mb) + 100)()
    expect(used()).toBeGreaterThanOrEqual(before)
  })
})
