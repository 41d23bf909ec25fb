import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SetupAdminArgs } from '@/api/generated/bindings'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'
import { READY, errorsShown, fakeCore, mountAt, session } from '@/testing'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const NEEDS_SETUP = { ...READY, needsSetup: true }

function input(testid: string) {
  return wrapper!.get<HTMLInputElement>(`input[data-testid="${testid}"]`)
}

function errorBeside(testid: string) {
  const item = input(testid).element.closest('.el-form-item')!
  return item.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

async function fill(args: SetupAdminArgs) {
  await input('setup-username').setValue(args.username)
  await input('setup-display-name').setValue(args.displayName)
  await input('setup-password').setValue(args.password)
  await input('setup-password-confirm').setValue(args.passwordConfirm)
  await wrapper!.get('button[data-testid="setup-submit"]').trigger('click')
  await errorsShown()
}

const GOOD: SetupAdminArgs = {
  username: 'admin',
  displayName: '王管理',
  password: 'abcd1234',
  passwordConfirm: 'abcd1234',
}

describe('setup page', () => {
  it('shows the title, the subtitle, the fields in order and the password note', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/', { status: NEEDS_SETUP }))
    const text = wrapper.text()
    expect(text).toContain('社会工作者登记管理系统')
    expect(text).toContain('首次使用：创建系统管理员账号')
    expect(text).toContain('密码至少8位，须同时包含字母和数字')
    const labels = wrapper.findAll('.el-form-item__label').map((l) => l.text())
    expect(labels).toEqual(['账号', '姓名', '密码', '确认密码'])
    const ids = wrapper.find('form').findAll('input').map((i) => i.attributes('data-testid'))
    expect(ids).toEqual(['setup-username', 'setup-display-name', 'setup-password', 'setup-password-confirm'])
    expect(wrapper.findAll('.el-form-item.is-required')).toHaveLength(4)
    expect(wrapper.get('button[data-testid="setup-submit"]').text()).toBe('创建管理员')
  })

  it('checks the fields as the core does before calling it', async () => {
    const calls = fakeCore({})
    ;({ wrapper } = await mountAt('/setup', { status: NEEDS_SETUP }))
    await fill({ username: '1admin', displayName: ' ', password: 'abcdefgh', passwordConfirm: 'abcdefgx' })
    expect(errorBeside('setup-username')).toBe(
      '账号为4–32位，以字母开头，只能包含字母、数字、下划线、点或连字符',
    )
    expect(errorBeside('setup-display-name')).toBe('请输入姓名')
    expect(errorBeside('setup-password')).toBe('密码至少8位，须同时包含字母和数字')
    expect(errorBeside('setup-password-confirm')).toBe('两次输入的密码不一致')
    expect(calls.some((c) => c.name === 'setup_admin')).toBe(false)
  })

  it('creates the administrator, keeps the session and goes home', async () => {
    const calls = fakeCore({ setup_admin: () => session('admin') })
    const mounted = await mountAt('/setup', { status: NEEDS_SETUP })
    wrapper = mounted.wrapper
    await fill(GOOD)
    expect(calls.find((c) => c.name === 'setup_admin')).toEqual({
      name: 'setup_admin',
      token: null,
      args: GOOD,
    })
    expect(useSessionStore().token).toBe('token-admin')
    expect(useAppStore().status?.needsSetup).toBe(false)
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('home'))
  })

  it('shows the core’s field errors beside their fields', async () => {
    fakeCore({
      setup_admin: () => {
        throw {
          code: 'validation',
          message: '输入有误',
          fields: [{ field: 'username', message: '该账号已被使用' }],
        }
      },
    })
    ;({ wrapper } = await mountAt('/setup', { status: NEEDS_SETUP }))
    await fill(GOOD)
    expect(errorBeside('setup-username')).toBe('该账号已被使用')
    expect(input('setup-password').element.value).toBe('abcd1234')
  })
})
