// Every spec runs against a fake core: `invoke` is a mock that src/testing.ts programs.
import { vi } from 'vitest'

// A Channel only holds the page's handler: a spec plays the core by calling its `onmessage`.
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: class<T> {
    onmessage: (message: T) => void = () => {}
  },
}))

// async-validator warns on the console for every failed rule outside production.
;(globalThis as Record<string, unknown>).ASYNC_VALIDATOR_NO_WARNING = 1
