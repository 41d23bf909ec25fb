// Two-level review's words (review/levels.rs in the core).
import type { ReviewLevel } from '@/api/generated/bindings'

export const LEVEL_LABELS: Record<ReviewLevel, string> = {
  first: '初审',
  final: '终审',
}
