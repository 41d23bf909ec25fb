// Every spec runs against a fake core: `invoke` is a mock that src/testing.ts programs.
import { vi } from 'vitest'

// A Channel only holds the page's handler: a spec plays the core by calling its `onmessage`.
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: class<T> {
    onmessage: (message: T) => void = () => {}
  },
}))

// The specs run as in the desktop app's window, where the transport is IPC; the browser's
// transport has its own specs (src/api/web.spec.ts), which take this away.
;(window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {}

// async-validator warns on the console for every failed rule outside production.
;(globalThis as Record<string, unknown>).ASYNC_VALIDATOR_NO_WARNING = 1
