// 连接设置: the desktop shell's own commands (src-tauri/src/connection.rs), which are no registry
// commands and so are not in `Commands`: 单机使用 or 连接服务器, the server's certificate
// fingerprint read on first contact and pinned. Only the desktop app has them; a browser never
// shows the pages that use them.
import { ref, type Ref } from 'vue'
import { invoke } from '@tauri-apps/api/core'
import { toApiError } from '@/api'
import type { ShellCommands } from './generated/bindings'

export type { Connection, Probed } from './generated/bindings'

/** True in the desktop app's window (Tauri IPC), false in a browser. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window
}

export async function shellCall<K extends keyof ShellCommands>(
  name: K,
  args: ShellCommands[K]['args'],
): Promise<ShellCommands[K]['result']> {
  try {
    return await invoke<ShellCommands[K]['result']>(name, { args })
  } catch (raw) {
    throw toApiError(raw)
  }
}

/** A certificate-changed refusal from the shell (`swreg-remote`): shown as a warning, never retried. */
export function isChangedCertificate(message: string): boolean {
  return message.startsWith('服务器的证书已改变')
}

/** The address of the server this app works on ('' for 单机使用 and in a browser), filled in once asked. */
export function useServerAddress(): Ref<string> {
  const server = ref('')
  if (isDesktop()) {
    shellCall('connection_info', null)
      .then((c) => (server.value = c.mode === 'server' ? c.address : ''))
      .catch(() => {})
  }
  return server
}
