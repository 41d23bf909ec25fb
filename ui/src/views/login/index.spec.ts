import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApiError, LoginArgs } from '@/api/bindings'
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

  it('has no 注册 or 找回密码 link yet', async () => {
    fakeCore({ new_captcha: captchas() })
    ;({ wrapper } = await mountAt('/login', { status: READY }))
    expect(wrapper.text()).not.toContain('注册')
    expect(wrapper.text()).not.toContain('找回密码')
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
