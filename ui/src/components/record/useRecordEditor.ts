import { computed, reactive, ref, useTemplateRef } from 'vue'
import { ElMessage } from 'element-plus'
import { call, clearErrors, showError, type ApiError } from '@/api'
import type { CodeTables, Kind, RecordForm as Form, RecordView } from '@/api/generated/bindings'
import { confirm } from '@/composables/useConfirm'
import { copyForm, emptyRecordErrors, emptyRecordForm } from './fields'
import { useUnsavedChanges } from './useUnsavedChanges'

/** Whose record and which form: `workerId` null is the caller's own (the worker's pages). */
export interface RecordTarget {
  workerId: number | null
  kind: Kind
}

export const RESET_QUESTION = '将放弃未保存的修改，恢复为上次保存的内容。确定重置吗？'

/**
 * A form's content for comparison. Key order does not count: a title chosen and chosen again
 * reorders its scores.
 */
export function snapshot(f: Form): string {
  const scores = Object.entries(f.titleScores)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
  return JSON.stringify({ ...f, titleScores: scores })
}

/**
 * The registration form of one worker and kind on a page: reading it, 保存资料 (a draft) and
 * 提交审核, 重置 to what was last saved, and the unsaved-changes guard. Nothing typed is lost: a
 * failed save leaves the form as it is, with the core's reasons beside their fields, and what is
 * typed while a draft is saving is kept. Call from the setup of the page's route component, whose
 * template names its form `recordForm` (a `RecordEditorCard`, or a bare `RecordForm`).
 */
/** What the editor asks of the page's form. */
interface FormHandle {
  clearValidate(): void
  focusFirstError(): Promise<void>
}

/** One record page's editor, as `RecordEditorCard` takes it. */
export type RecordEditor = ReturnType<typeof useRecordEditor>

export function useRecordEditor(opts: {
  target: () => RecordTarget
  /** The toast after a successful submit (a draft says 已保存). */
  submittedMessage?: (view: RecordView) => string
  /** After each successful save, once the form shows its result. */
  onSaved?: (view: RecordView, submit: boolean) => void
}) {
  const codes = ref<CodeTables | null>(null)
  const view = ref<RecordView | null>(null)
  const form = ref<Form>(emptyRecordForm())
  const photoUrl = ref<string | null>(null)
  const errors = reactive<Record<string, string>>(emptyRecordErrors())
  // The page's form, named `recordForm`.
  const formRef = useTemplateRef<FormHandle>('recordForm')
  const loading = ref(true)
  const loadError = ref('')
  const busy = ref<'save' | 'submit' | null>(null)

  /** The form as last saved: 重置 goes back to it, and unsaved changes are measured against `key`. */
  const saved = ref({ form: emptyRecordForm(), key: '', photo: null as string | null })

  const editable = computed(() => view.value?.editable === true)
  const dirty = computed(() => editable.value && snapshot(form.value) !== saved.value.key)

  /** Shows what the core sent; `keepTyped` leaves alone a form edited while it was saving. */
  function apply(v: RecordView, keepTyped = false) {
    view.value = v
    const stored = copyForm(v.form)
    saved.value = { form: stored, key: snapshot(stored), photo: v.photo }
    if (keepTyped) return
    form.value = copyForm(v.form)
    photoUrl.value = v.photo
  }

  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      const [tables, record] = await Promise.all([
        codes.value ?? call('code_tables', null),
        call('record_form', opts.target()),
      ])
      if (!codes.value) {
        codes.value = tables
        Object.assign(errors, emptyRecordErrors(tables))
      }
      clearErrors(errors)
      apply(record)
    } catch (e) {
      loadError.value = (e as ApiError).message
    } finally {
      loading.value = false
    }
  }

  async function save(submit: boolean) {
    if (busy.value || !editable.value) return
    clearErrors(errors)
    busy.value = submit ? 'submit' : 'save'
    try {
      const sent = copyForm(form.value)
      const next = await call('save_record', { ...opts.target(), form: sent, submit })
      // A draft saves while the form stays open: what was typed meanwhile is kept.
      apply(next, !submit && snapshot(form.value) !== snapshot(sent))
      formRef.value?.clearValidate()
      const message = submit ? (opts.submittedMessage?.(next) ?? '已提交审核') : '已保存'
      ElMessage({ type: 'success', message })
      opts.onSaved?.(next, submit)
    } catch (e) {
      // The form keeps everything typed; the core's reasons go beside their fields.
      showError(e as ApiError, errors)
      if (Object.values(errors).some((m) => m !== '')) {
        ElMessage({
          type: 'error',
          message: submit ? '提交未成功：请按标红处的提示修改后再提交' : '保存未成功：请按标红处的提示修改',
          grouping: true,
        })
        await formRef.value?.focusFirstError()
      }
    } finally {
      busy.value = null
    }
  }

  async function reset() {
    if (dirty.value) {
      const ok = await confirm({ message: RESET_QUESTION, okText: '重置' })
      if (!ok) return
    }
    form.value = copyForm(saved.value.form)
    photoUrl.value = saved.value.photo
    clearErrors(errors)
    formRef.value?.clearValidate()
  }

  useUnsavedChanges({ dirty: () => dirty.value, save: () => save(false) })

  return { codes, view, form, photoUrl, errors, loading, loadError, busy, editable, dirty, load, save, reset }
}
