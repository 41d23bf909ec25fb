import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '@/api'
import type { AppStatus } from '@/api/generated/bindings'

/** What the core says about the installation; asked once, before the first route. */
export const useAppStore = defineStore('app', () => {
  const status = ref<AppStatus | null>(null)

  async function load(): Promise<AppStatus> {
    status.value = await call('app_status', null)
    return status.value
  }

  function setupDone() {
    if (status.value) status.value = { ...status.value, needsSetup: false }
  }

  return { status, load, setupDone }
})
