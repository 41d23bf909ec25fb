import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApiError, LoginArgs } from '@/api/generated/bindings'
import { useSessionStore } from '@/stores/session'
import { READY, errorsShown, fakeCore, mountAt, session, settle } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function captchas() {
  let n = 0
  return () => {
    n += 1
    return { id: `c${n}`, image: `data:image/png;base64,AAAA${n}` }
  }
}

function input(testid: string) {
  // The id must reach the native <input>: the WebDriver test types into it.
  return wrapper!.get<HTMLInputElement>(`input[data-testid="${testid}"]`)
}

async function fillAndSubmit(username: string, password: string, answer: string) {
  await input('login-username').setValue(username)
  await input('login-password').setValue(password)
  await input('login-captcha').setValue(answer)
  await wrapper!.get('button[data-testid="login-submit"]').trigger('click')
  await errorsShown()
}

function errorBeside(testid: string) {
  const item = input(testid).element.closest('.el-form-item')!
  return item.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

describe('login page', () => {
  it('shows the captcha and gets a new one when the image is clicked', async () => {
    const calls = fakeCore({ new_captcha: captchas() })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    const img = wrapper.get('img[data-testid="login-captcha-image"]')
    expect(img.attributes('src')).toBe('data:image/png;base64,AAAA1')
    expect(img.attributes('title')).toBe('看不清？点击换一张')
    await input('login-captcha').setValue('ab')
    await img.trigger('click')
    await settle()
    expect(wrapper.get('img[data-testid="login-captcha-image"]').attributes('src')).toBe(
      'data:image/png;base64,AAAA2',
    )
    expect(input('login-captcha').element.value).toBe('')
    expect(calls.filter((c) => c.name === 'new_captcha')).toHaveLength(2)
  })

  it('links to 注册 and 找回密码 below the form', async () => {
    fakeCore({ new_captcha: captchas() })
    const mounted = await mountAt('/login', { status: READY })
    wrapper = mounted.wrapper
    const form = wrapper.get('form').element
    const register = wrapper.get('button[data-testid="login-register"]')
    const recover = wrapper.get('button[data-testid="login-recover"]')
    expect(register.text()).toBe('注册')
    expect(recover.text()).toBe('找回密码')
    expect(form.compareDocumentPosition(recover.element) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await register.trigger('click')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('register'))
    await mounted.router.push('/login')
    await settle()
    await wrapper.get('button[data-testid="login-recover"]').trigger('click')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('recover'))
  })

  it.each([
    ['account_pending', '账号正在等待审核，审核通过后即可登录'],
    ['account_rejected', '账号注册未通过审核：身份证号码与姓名不符'],
    ['locked', '登录失败次数过多，账号已锁定至 2026-12-01 16:45'],
    ['login_failed', '账号或密码不正确'],
    ['conflict', '临时密码已过期，请重新找回密码或联系管理员重置'],
    ['account_disabled', '账号已停用，请联系管理员'],
  ] as const)('shows a %s refusal above the form, where it stays to be read', async (code, message) => {
    fakeCore({
      new_captcha: captchas(),
      login: () => {
        throw { code, message, fields: null } satisfies ApiError
      },
    })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await fillAndSubmit('zhang01', 'abcd1234', 'AAAA')
    const alert = wrapper.get('[data-testid="login-alert"]')
    expect(alert.text()).toBe(message)
    const follows = alert.element.compareDocumentPosition(wrapper.get('form').element)
    expect(follows & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    // A wrong password is typed again; a right one waiting for review is kept.
    expect(input('login-password').element.value).toBe(code === 'login_failed' ? '' : 'abcd1234')
    expect(input('login-username').element.value).toBe('zhang01')
  })

  it('clears the alert on the next attempt', async () => {
    let n = 0
    fakeCore({
      new_captcha: captchas(),
      login: () => {
        n += 1
        if (n === 1) throw { code: 'account_pending', message: '账号正在等待审核', fields: null }
        return new Promise(() => {})
      },
    })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await fillAndSubmit('zhang01', 'abcd1234', 'AAAA')
    expect(wrapper.find('[data-testid="login-alert"]').exists()).toBe(true)
    await fillAndSubmit('zhang01', 'abcd1234', 'BBBB')
    expect(wrapper.find('[data-testid="login-alert"]').exists()).toBe(false)
  })

  it('says why after an idle logout', async () => {
    fakeCore({ new_captcha: captchas() })
    ;({ wrapper } = await mountAt('/login?reason=idle', { status: READY }))
    expect(wrapper.get('[data-testid="login-alert"]').text()).toBe('长时间未操作，已自动退出登录')
  })

  it('goes straight to 密码修改 after a login with a temporary password', async () => {
    fakeCore({ new_captcha: captchas(), login: () => session('worker', { mustChangePassword: true, passwordExpired: false }) })
    const mounted = await mountAt('/my', { status: READY })
    wrapper = mounted.wrapper
    await fillAndSubmit('worker01', 'Temp12345678', 'AAAA')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('password'))
    await settle()
    expect(wrapper.get('[data-testid="password-forced-banner"]').text()).toContain('您正在使用临时密码，请先设置新密码')
  })

  it('asks for every field before calling the core', async () => {
    const calls = fakeCore({ new_captcha: captchas() })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await wrapper.get('button[data-testid="login-submit"]').trigger('click')
    await errorsShown()
    expect(errorBeside('login-username')).toBe('请输入账号')
    expect(errorBeside('login-password')).toBe('请输入密码')
    expect(errorBeside('login-captcha')).toBe('请输入验证码')
    expect(calls.some((c) => c.name === 'login')).toBe(false)
  })

  it('after a wrong captcha: error beside it, new captcha, 账号 and 密码 kept', async () => {
    const calls = fakeCore({
      new_captcha: captchas(),
      login: () => {
        throw {
          code: 'captcha',
          message: '验证码错误',
          fields: [{ field: 'captchaAnswer', message: '验证码错误' }],
        } satisfies ApiError
      },
    })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await fillAndSubmit('zhang01', 'abcd1234', 'WXYZ')

    const login = calls.find((c) => c.name === 'login')!
    expect(login.token).toBeNull()
    expect(login.args).toEqual({
      username: 'zhang01',
      password: 'abcd1234',
      captchaId: 'c1',
      captchaAnswer: 'WXYZ',
    } satisfies LoginArgs)
    expect(errorBeside('login-captcha')).toBe('验证码错误')
    expect(input('login-captcha').element.value).toBe('')
    expect(input('login-username').element.value).toBe('zhang01')
    expect(input('login-password').element.value).toBe('abcd1234')
    expect(wrapper.get('img[data-testid="login-captcha-image"]').attributes('src')).toBe(
      'data:image/png;base64,AAAA2',
    )
  })

  it('puts a captcha error without fields beside the captcha too', async () => {
    fakeCore({
      new_captcha: captchas(),
      login: () => {
        throw { code: 'captcha', message: '验证码已过期', fields: null }
      },
    })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await fillAndSubmit('zhang01', 'abcd1234', 'WXYZ')
    expect(errorBeside('login-captcha')).toBe('验证码已过期')
  })

  it('clears 密码 when the core marks it wrong, and uses the next captcha next time', async () => {
    const calls = fakeCore({
      new_captcha: captchas(),
      login: () => {
        throw {
          code: 'login_failed',
          message: '账号或密码错误',
          fields: [{ field: 'password', message: '账号或密码错误' }],
        }
      },
    })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    await fillAndSubmit('zhang01', 'wrong123', 'AAAA')
    expect(errorBeside('login-password')).toBe('账号或密码错误')
    expect(input('login-password').element.value).toBe('')
    expect(input('login-username').element.value).toBe('zhang01')

    await fillAndSubmit('zhang01', 'right123', 'BBBB')
    const second = calls.filter((c) => c.name === 'login')[1]
    expect(second.args).toMatchObject({ captchaId: 'c2', captchaAnswer: 'BBBB' })
  })

  it('logs in, keeps the session in the store and opens the page asked for', async () => {
    fakeCore({
      new_captcha: captchas(),
      login: () => session('worker'),
    })
    const mounted = await mountAt('/my', { status: READY })
    wrapper = mounted.wrapper
    expect(mounted.router.currentRoute.value.name).toBe('login')
    await fillAndSubmit('worker01', 'abcd1234', 'AAAA')
    const store = useSessionStore()
    expect(store.token).toBe('token-worker')
    expect(store.user?.displayName).toBe('张三')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('my'))
  })

  it('submits on Enter', async () => {
    const calls = fakeCore({ new_captcha: captchas(), login: () => session('admin') })
    const mounted = await mountAt('/login', { status: READY })
    wrapper = mounted.wrapper
    await input('login-username').setValue('admin01')
    await input('login-password').setValue('abcd1234')
    await input('login-captcha').setValue('AAAA')
    // Enter in a field submits the <form>; jsdom does not synthesise that, so send the submit.
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(calls.some((c) => c.name === 'login')).toBe(true)
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('home'))
  })
})
