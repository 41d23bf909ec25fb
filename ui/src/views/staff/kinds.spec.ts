import { describe, expect, it } from 'vitest'
import { KINDS, KIND_LABELS, carriesRecord } from './kinds'

describe('application kinds', () => {
  it('come from the core in the order of the review queues, with their words', () => {
    expect(KINDS.map((k) => [k, KIND_LABELS[k]])).toEqual([
      ['initial', '初次登记'],
      ['modification_request', '信息修改申请'],
      ['modification', '信息修改'],
      ['renewal', '续期登记'],
      ['restoration', '恢复登记'],
      ['card_replacement', '社工卡补换'],
    ])
  })

  it('carry the whole form, or only a reason', () => {
    expect(KINDS.filter(carriesRecord)).toEqual(['initial', 'modification', 'renewal', 'restoration'])
  })
})
