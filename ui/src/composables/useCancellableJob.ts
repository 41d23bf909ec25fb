import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { call, callWithProgress, showError, type ApiError, type ProgressCommand } from '@/api'
import type { Commands, Progress } from '@/api/generated/bindings'

/** The core's answer when a job stopped because `cancel_batch` asked it to. */
export function isCancelled(err: ApiError): boolean {
  return err.code === 'cancelled'
}

/**
 * A long job of the core (batch print, export) run from a dialog: its progress while it runs,
 * 取消 to stop it, and telling a stop that was asked for from a failure.
 */
export function useCancellableJob(opts: {
  /** Told when a job stopped on 取消, e.g. 已取消导出，未保存文件. */
  cancelledMessage: string
  /** Closes the dialog: after a job stopped on 取消, and on 取消 while no job runs. */
  close: () => void
  /** A form's server errors: a failure's field errors go beside its fields (see `showError`). */
  errors?: Record<string, string>
}) {
  const running = ref(false)
  const cancelling = ref(false)
  /** The core's last report; null until the first one. */
  const progress = ref<Progress | null>(null)

  /**
   * Runs `name`, one job at a time: the core's answer, or undefined when the job failed (the
   * error is shown) or stopped on 取消 (told with `cancelledMessage`, however the core reported
   * it: as an error, or with no result).
   */
  async function run<K extends ProgressCommand>(
    name: K,
    args: Commands[K]['args'],
  ): Promise<Commands[K]['result'] | undefined> {
    running.value = true
    cancelling.value = false
    progress.value = null
    try {
      const result = await callWithProgress(name, args, (p) => {
        progress.value = p
      })
      if (result !== null || !cancelling.value) return result
      cancelled()
    } catch (e) {
      const err = e as ApiError
      if (cancelling.value && isCancelled(err)) cancelled()
      else showError(err, opts.errors)
    } finally {
      running.value = false
      cancelling.value = false
    }
    return undefined
  }

  function cancelled() {
    opts.close()
    ElMessage({ type: 'info', message: opts.cancelledMessage })
  }

  /** 取消: asks the running job to stop (it ends at its next step, and `run` resolves then), or closes. */
  async function cancel(): Promise<void> {
    if (!running.value) {
      opts.close()
      return
    }
    cancelling.value = true
    try {
      await call('cancel_batch', null)
    } catch (e) {
      showError(e as ApiError)
    }
  }

  return { running, cancelling, progress, run, cancel }
}
