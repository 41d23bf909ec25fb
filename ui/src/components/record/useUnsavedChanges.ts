import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { confirm } from '@/composables/useConfirm'
import { useSessionStore } from '@/stores/session'

export const LEAVE_MESSAGE = '填写的内容尚未保存，离开后将丢失。确定离开吗？'

/**
 * For a page with a form that is saved by hand: asks before leaving it with unsaved changes,
 * and saves with Ctrl+S (Enter in a field never sends the whole form). Call from the setup of
 * the page's route component. A session that ended (logout, idle) leaves without asking.
 */
export function useUnsavedChanges(opts: { dirty: () => boolean; save?: () => unknown }) {
  const session = useSessionStore()

  const ask = () => {
    if (!opts.dirty() || !session.loggedIn) return true
    return confirm({ message: LEAVE_MESSAGE, okText: '离开', cancelText: '留在本页', danger: true })
  }
  onBeforeRouteLeave(ask)
  // The same page with another ?kind= reloads the form: ask then too.
  onBeforeRouteUpdate(ask)

  function onKeydown(e: KeyboardEvent) {
    if (!opts.save || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return
    e.preventDefault()
    if (!e.repeat) void opts.save()
  }

  function onBeforeUnload(e: BeforeUnloadEvent) {
    if (!opts.dirty()) return
    e.preventDefault()
    e.returnValue = ''
  }

  onMounted(() => {
    window.addEventListener('keydown', onKeydown)
    window.addEventListener('beforeunload', onBeforeUnload)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKeydown)
    window.removeEventListener('beforeunload', onBeforeUnload)
  })
}
