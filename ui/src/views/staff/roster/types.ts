import type { RevealField } from '@/api/generated/bindings'

/** One masked value a user asked to see in full. */
export interface RevealTarget {
  workerId: number
  field: RevealField
  /** The worker's name, told in the dialog. */
  name: string
}

/** The key of a revealed value in a page's map of them. */
export const revealKey = (workerId: number, field: RevealField) => `${workerId}:${field}`
