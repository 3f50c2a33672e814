/**
 * A ceiling on this thread's garbage for long bulk work, such as an import's main thread.
 *
 * An import's main thread promotes each batch's records to the old generation, where
 * they die: some 115 MB of garbage between two of V8's full collections, over 35 MB that
 * live. Now and then V8 lets that garbage grow to 400 MB first (measured: 1 run in 10 of
 * a 400,000-household import, and once a 2,000,000-household import, which then peaked at
 * 585 MB of RSS against its 512 MB). A program cannot lower its own heap limit once
 * started, so `ceiling` collects when the heap holds more than it allows (ADR 0013).
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

let collect: (() => void) | undefined

/**
 * A check to call between units of work: it runs a full garbage collection when this
 * thread's heap uses more than `mb` megabytes, and does nothing otherwise (a few
 * microseconds).
 *
 * @example const check = Heap.ceiling(160); for (const batch of batches) { store(batch); check() }
 */
export const ceiling = (mb: number): (() => void) => {
  const limit = mb * 1024 * 1024
  return () => {
    if (getHeapStatistics().used_heap_size <= limit) return
    // V8's own `gc`, which Node exposes on a flag; taken from a fresh context once set.
    if (collect === undefined) {
      setFlagsFromString("--expose-gc")
      collect = runInNewContext("gc") as () => void
    }
    collect()
  }
}
