import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApiError, RegisterArgs } from '@/api/generated/bindings'
import { idCheckChar } from '@/rules/identity'
import {
  READY,
  byTestId,
  clickTestId,
  errorBesideTestId,
  errorsShown,
  fakeCore,
  hasTestId,
  mountAt,
  settle,
  typeInto,
} from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ID = `35020319900307123${idCheckChar('35020319900307123')}`
const CAPTCHA = { id: 'c1', image: 'data:image/png;base64,AA==' }
/** The form as typed; the captcha's id comes from the core. */
type Typed = Omit<RegisterArgs, 'captchaId'>
const GOOD: Typed = {
  username: 'zhang01',
  password: 'abcd1234',
  passwordConfirm: 'abcd1234',
  displayName: '张三',
  idNumber: ID,
  phone: '13800138000',
  email: 'zhang@example.cn',
  captchaAnswer: 'ab12',
}
const FIELDS: [keyof Typed, string][] = [
  ['username', 'register-username'],
  ['password', 'register-password'],
  ['passwordConfirm', 'register-password-confirm'],
  ['displayName', 'register-display-name'],
  ['idNumber', 'register-id-number'],
  ['phone', 'register-phone'],
  ['email', 'register-email'],
  ['captchaAnswer', 'register-captcha'],
]

async function fill(args: Typed) {
  for (const [key, testid] of FIELDS) await typeInto(testid, args[key])
}

const value = (testid: string) => byTestId<HTMLInputElement>(testid).value

describe('register page', () => {
  it('is public, has the registration fields in order and a captcha, all marked required, and three buttons', async () => {
    fakeCore({ new_captcha: () => CAPTCHA })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    const labels = wrapper.findAll('.el-form-item__label').map((l) => l.text())
    expect(labels).toEqual(['账号', '密码', '确认密码', '姓名', '身份证号码', '手机号码', '电子邮箱', '验证码'])
    expect(wrapper.findAll('.el-form-item.is-required')).toHaveLength(8)
    expect(byTestId<HTMLImageElement>('register-captcha-image').getAttribute('src')).toBe(CAPTCHA.image)
    const ids = wrapper.find('form').findAll('input').map((i) => i.attributes('data-testid'))
    expect(ids).toEqual(FIELDS.map(([, t]) => t))
    expect(byTestId('register-submit').textContent?.trim()).toBe('提交')
    expect(byTestId('register-submit').getAttribute('type')).toBe('submit')
    expect(byTestId('register-reset').textContent?.trim()).toBe('重置')
    expect(byTestId('register-back').textContent?.trim()).toBe('返回')
  })

  it('checks every field as the core does before calling it', async () => {
    const calls = fakeCore({ new_captcha: () => CAPTCHA })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await fill({
      username: '1ab',
      password: 'abcdefgh',
      passwordConfirm: 'x',
      displayName: '张',
      idNumber: '35020319900307123',
      phone: '2380013800',
      email: 'zhang@',
      captchaAnswer: ' ',
    })
    await clickTestId('register-submit')
    await errorsShown()
    expect(errorBesideTestId('register-username')).toBe('账号为4–32位，以字母开头，只能包含字母、数字、下划线、点或连字符')
    expect(errorBesideTestId('register-password')).toBe('密码至少8位，须同时包含字母和数字')
    expect(errorBesideTestId('register-password-confirm')).toBe('两次输入的密码不一致')
    expect(errorBesideTestId('register-display-name')).toBe('姓名应为2至30个字')
    expect(errorBesideTestId('register-id-number')).toBe('身份证号码应为18位')
    expect(errorBesideTestId('register-phone')).toBe('手机号码应为以1开头的11位数字')
    expect(errorBesideTestId('register-email')).toBe('电子邮箱格式不正确')
    expect(errorBesideTestId('register-captcha')).toBe('请输入验证码')
    expect(calls.some((c) => c.name === 'register')).toBe(false)
  })

  it('checks the password against the rules of 安全设置 and says them in the placeholder', async () => {
    const calls = fakeCore({
      new_captcha: () => CAPTCHA,
      password_rules: () => ({ letters: true, digits: false, symbols: true }),
    })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await vi.waitFor(() =>
      expect(byTestId<HTMLInputElement>('register-password').getAttribute('placeholder')).toBe('8–64位，须同时包含字母和符号'),
    )
    await fill({ ...GOOD, password: 'abcdefgh', passwordConfirm: 'abcdefgh' })
    await clickTestId('register-submit')
    await errorsShown()
    expect(errorBesideTestId('register-password')).toBe('密码至少8位，须同时包含字母和符号')
    expect(calls.some((c) => c.name === 'register')).toBe(false)
  })

  it('submits with the captcha (Enter too), then answers neutrally and leads back to login', async () => {
    const calls = fakeCore({ new_captcha: () => CAPTCHA, register: () => null })
    const mounted = await mountAt('/register', { status: READY })
    wrapper = mounted.wrapper
    await fill({ ...GOOD, username: ' zhang01 ', idNumber: ID.toLowerCase() })
    await wrapper.get('form').trigger('submit')
    await settle()
    const call = calls.find((c) => c.name === 'register')!
    expect(call.token).toBeNull()
    expect(call.args).toEqual({ ...GOOD, idNumber: ID.toLowerCase(), captchaId: CAPTCHA.id })
    const done = byTestId('register-done')
    expect(done.textContent).toContain('注册申请已提交，请等待审核；审核结果将通过电子邮件通知您')
    // The same words whether or not the ID number or address was registered before.
    expect(done.textContent).toContain('如果已注册过，系统不会重复创建')
    expect(wrapper.find('form').exists()).toBe(false)
    await clickTestId('register-done-login')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })

  it('puts the core’s refusals beside their fields and keeps everything typed but the used captcha', async () => {
    let captchas = 0
    fakeCore({
      new_captcha: () => ({ ...CAPTCHA, id: `c${++captchas}` }),
      register: () => {
        throw {
          code: 'validation',
          message: '请检查填写的内容',
          fields: [
            { field: 'username', message: '该账号已被注册，请换一个' },
            { field: 'email', message: '电子邮箱格式不正确' },
          ],
        } satisfies ApiError
      },
    })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await fill(GOOD)
    await clickTestId('register-submit')
    await errorsShown()
    expect(errorBesideTestId('register-username')).toBe('该账号已被注册，请换一个')
    expect(errorBesideTestId('register-email')).toBe('电子邮箱格式不正确')
    for (const [key, testid] of FIELDS) expect(value(testid), key).toBe(key === 'captchaAnswer' ? '' : GOOD[key])
    expect(captchas).toBe(2)
    expect(document.activeElement).toBe(byTestId('register-username'))
    expect(byTestId('register-submit').classList.contains('is-loading')).toBe(false)
  })

  it('shows a wrong captcha beside it and draws a new one', async () => {
    let captchas = 0
    const calls = fakeCore({
      new_captcha: () => ({ ...CAPTCHA, id: `c${++captchas}` }),
      register: () => {
        throw { code: 'captcha', message: '验证码不正确', fields: null } satisfies ApiError
      },
    })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await fill(GOOD)
    await clickTestId('register-submit')
    await errorsShown()
    expect(errorBesideTestId('register-captcha')).toBe('验证码不正确')
    expect(value('register-captcha')).toBe('')
    expect(value('register-password')).toBe(GOOD.password)
    await fill(GOOD)
    await clickTestId('register-submit')
    const sent = calls.filter((c) => c.name === 'register').map((c) => (c.args as RegisterArgs).captchaId)
    expect(sent).toEqual(['c1', 'c2'])
  })

  it('keeps the core’s message on the field the cursor is in (Enter pressed there)', async () => {
    fakeCore({
      new_captcha: () => CAPTCHA,
      register: () => {
        throw {
          code: 'validation',
          message: '请检查填写的内容',
          fields: [
            { field: 'username', message: '该账号已被注册，请换一个' },
            { field: 'email', message: '电子邮箱格式不正确' },
          ],
        } satisfies ApiError
      },
    })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await fill(GOOD)
    byTestId('register-email').focus()
    await wrapper.get('form').trigger('submit')
    await errorsShown()
    expect(document.activeElement).toBe(byTestId('register-email'))
    expect(errorBesideTestId('register-username')).toBe('该账号已被注册，请换一个')
    expect(errorBesideTestId('register-email')).toBe('电子邮箱格式不正确')
  })

  it('shows the submit button loading while the core works', async () => {
    let finish: () => void = () => {}
    fakeCore({ new_captcha: () => CAPTCHA, register: () => new Promise<null>((resolve) => (finish = () => resolve(null))) })
    ;({ wrapper } = await mountAt('/register', { status: READY }))
    await fill(GOOD)
    await clickTestId('register-submit')
    expect(byTestId('register-submit').classList.contains('is-loading')).toBe(true)
    finish()
    await settle()
    expect(byTestId('register-done')).toBeTruthy()
  })

  it('重置 clears the form without asking; 返回 goes back to login', async () => {
    const calls = fakeCore({ new_captcha: () => CAPTCHA })
    const mounted = await mountAt('/register', { status: READY })
    wrapper = mounted.wrapper
    await fill(GOOD)
    await clickTestId('register-reset')
    for (const [, testid] of FIELDS) expect(value(testid)).toBe('')
    expect(hasTestId('confirm-message')).toBe(false)
    // Nothing but the page's own reads (the captcha, the password rules) was asked.
    expect(calls.filter((c) => c.name !== 'new_captcha' && c.name !== 'password_rules')).toHaveLength(0)
    await clickTestId('register-back')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })
})
