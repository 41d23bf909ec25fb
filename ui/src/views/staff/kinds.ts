// The application kinds in the order of the review queues, with their properties, as the core
// defines them (workflow.rs `Kind`, generated into the bindings); their words are the shared ones
// of constants/workflow.ts.
import { KINDS as KIND_INFO, type Kind } from '@/api/generated/bindings'

export { KIND_LABELS, STATUS_LABELS, STATUS_TAG_TYPES, recordStatusLabel, recordStatusTagType } from '@/constants/workflow'

export const KINDS: Kind[] = KIND_INFO.map((k) => k.kind)

const CARRIES_RECORD = new Set(KIND_INFO.filter((k) => k.carriesRecord).map((k) => k.kind))

/** The kinds whose application carries the whole registration form (the others carry a reason). */
export function carriesRecord(kind: Kind): boolean {
  return CARRIES_RECORD.has(kind)
}
