import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { PeriodSettings } from '@/api/generated/bindings'
import { READY, byTestId, clickTestId, errorBesideTestId, errorsShown, mountAt, session, toasts, typeInto } from '@/testing'
import { staffCore } from '@/views/staff/fixtures'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const SETTINGS: PeriodSettings = {
  fullTimeYears: 1,
  otherYears: 3,
  renewalOpenDays: 60,
  graceDays: 30,
  registrationPrefix: '厦社登',
}
const input = (testid: string) => byTestId(testid).querySelector('input')!

describe('登记期限设置', { timeout: 30_000 }, () => {
  it('shows the settings with the basis and saves them', async () => {
    const saved: PeriodSettings[] = []
    staffCore({ period_settings: () => SETTINGS, save_period_settings: (s) => (saved.push(s), null) })
    ;({ wrapper } = await mountAt('/admin/periods', { status: READY, session: session('admin') }))
    expect(byTestId('period-basis').textContent).toContain(
      '依据厦民〔2015〕98号：专职从事社会工作服务的每年续期一次，其他每三年一次',
    )
    expect(wrapper.findAll('.el-form-item__label').map((l) => l.text()).slice(0, 5)).toEqual([
      '专职（年）',
      '非专职（年）',
      '续期提前开放（天）',
      '冻结宽限期（天）',
      '登记证号前缀',
    ])
    expect(input('period-full-time').value).toBe('1')
    expect(input('period-other').value).toBe('3')
    expect(input('period-renewal-open').value).toBe('60')
    expect(input('period-grace').value).toBe('30')
    expect(byTestId<HTMLInputElement>('period-prefix').value).toBe('厦社登')

    await typeInto('period-other', '2')
    await typeInto('period-renewal-open', '45')
    await typeInto('period-grace', '60')
    await typeInto('period-prefix', ' 厦社 ')
    await clickTestId('period-save')
    expect(saved).toEqual([
      { fullTimeYears: 1, otherYears: 2, renewalOpenDays: 45, graceDays: 60, registrationPrefix: '厦社' },
    ])
    expect(toasts()).toContain('登记期限设置已保存')
  })

  it('marks an empty prefix, and the core’s refusals, beside the field', async () => {
    const saved: PeriodSettings[] = []
    staffCore({
      period_settings: () => SETTINGS,
      save_period_settings: (s) => {
        saved.push(s)
        throw {
          code: 'validation',
          message: '请检查',
          fields: [
            { field: 'graceDays', message: '请填写0至3650天' },
            { field: 'renewalOpenDays', message: '请填写1至180天' },
          ],
        }
      },
    })
    ;({ wrapper } = await mountAt('/admin/periods', { status: READY, session: session('admin') }))
    await typeInto('period-prefix', '  ')
    await clickTestId('period-save')
    await errorsShown()
    expect(errorBesideTestId('period-prefix')).toBe('请填写登记证号前缀')
    expect(saved).toHaveLength(0)

    await typeInto('period-prefix', '厦社登')
    await clickTestId('period-save')
    await errorsShown()
    expect(errorBesideTestId('period-grace')).toBe('请填写0至3650天')
    expect(errorBesideTestId('period-renewal-open')).toBe('请填写1至180天')
    expect(errorBesideTestId('period-prefix')).toBe('')
  })
})
