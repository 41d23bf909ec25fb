// Every spec runs against a fake core: `invoke` is a mock that src/testing.ts programs.
import { vi } from 'vitest'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

// async-validator warns on the console for every failed rule outside production.
;(globalThis as Record<string, unknown>).ASYNC_VALIDATOR_NO_WARNING = 1
