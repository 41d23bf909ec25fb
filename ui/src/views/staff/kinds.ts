// The application kinds in the order of the review queues (DESIGN.md §4); their words are the
// shared ones of constants/workflow.ts.
import type { Kind } from '@/api/bindings'

export { KIND_LABELS, STATUS_LABELS, STATUS_TAG_TYPES, recordStatusLabel, recordStatusTagType } from '@/constants/workflow'

export const KINDS: Kind[] = [
  'initial',
  'modification_request',
  'modification',
  'renewal',
  'restoration',
  'card_replacement',
]

/** The kinds whose application carries the whole registration form (the others carry a reason). */
export function carriesRecord(kind: Kind): boolean {
  return kind === 'initial' || kind === 'modification' || kind === 'renewal' || kind === 'restoration'
}
