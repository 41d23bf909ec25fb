import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { useSessionStore } from '@/stores/session'
import { READY, fakeCore, mountAt, session, settle } from '@/testing'
import { workerFunctions } from '@/views/my/functions'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('home, hub and layout for a worker', () => {
  it('shows who is logged in and the worker menu', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('worker') }))
    expect(wrapper.get('[data-testid="current-user-name"]').text()).toBe('张三')
    expect(wrapper.get('[data-testid="current-user-role"]').text()).toBe('社工')
    expect(wrapper.get('[data-testid="main-menu"]').text()).toContain('个人信息维护')
  })

  it('puts 个人信息维护 above and below the welcome', async () => {
    fakeCore({})
    const mounted = await mountAt('/', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    const top = wrapper.get('[data-testid="home-my-top"]')
    const welcome = wrapper.get('[data-testid="home-welcome"]')
    const bottom = wrapper.get('[data-testid="home-my-bottom"]')
    expect(top.text()).toBe('个人信息维护')
    expect(bottom.text()).toBe('个人信息维护')
    const follows = (a: Element, b: Element) =>
      Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
    expect(follows(top.element, welcome.element)).toBe(true)
    expect(follows(welcome.element, bottom.element)).toBe(true)
    expect(welcome.text()).toContain('欢迎您，张三')

    await bottom.trigger('click')
    await settle()
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('my'))
  })

  it('opens the hub with the account and one button per function', async () => {
    fakeCore({})
    const mounted = await mountAt('/my', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    expect(wrapper.get('[data-testid="my-username"]').text()).toBe('worker01')
    expect(wrapper.get('[data-testid="my-display-name"]').text()).toBe('张三')
    const hub = wrapper.get('[data-testid="my-hub"]')
    expect(hub.findAll('button')).toHaveLength(workerFunctions.length + 1)
    expect(hub.text()).not.toContain('更多功能')
    await hub.get('[data-testid="my-home"]').trigger('click')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('home'))
  })

  it('logs out only after 确定退出登录吗？ is confirmed', async () => {
    const calls = fakeCore({ logout: () => null })
    const mounted = await mountAt('/', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    await wrapper.get('button[data-testid="logout"]').trigger('click')
    await settle()
    expect(document.body.textContent).toContain('确定退出登录吗？')
    ;(document.querySelector('[data-testid="logout-cancel"]') as HTMLButtonElement).click()
    await settle()
    expect(useSessionStore().loggedIn).toBe(true)
    expect(calls.some((c) => c.name === 'logout')).toBe(false)

    await wrapper.get('button[data-testid="logout"]').trigger('click')
    await settle()
    ;(document.querySelector('[data-testid="logout-confirm"]') as HTMLButtonElement).click()
    await settle()
    expect(calls.find((c) => c.name === 'logout')).toEqual({ name: 'logout', token: 'token-worker', args: null })
    expect(useSessionStore().token).toBeNull()
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })

  it('logs out on this side even when the core refuses', async () => {
    fakeCore({
      logout: () => {
        throw { code: 'unauthenticated', message: '会话不存在', fields: null }
      },
    })
    const mounted = await mountAt('/', { status: READY, session: session('worker') })
    wrapper = mounted.wrapper
    await wrapper.get('button[data-testid="logout"]').trigger('click')
    await settle()
    ;(document.querySelector('[data-testid="logout-confirm"]') as HTMLButtonElement).click()
    await settle()
    expect(useSessionStore().token).toBeNull()
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('login'))
  })
})

describe('home for staff', () => {
  it('shows name and role, and no worker entry', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('reviewer') }))
    expect(wrapper.find('[data-testid="home-my-top"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="home-my-bottom"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="home-display-name"]').text()).toBe('李审核')
    expect(wrapper.get('[data-testid="home-role"]').text()).toBe('审核员')
    expect(wrapper.get('[data-testid="main-menu"]').text()).not.toContain('个人信息维护')
  })

  it('gives an admin every staff and admin page, with the pending count on 账号审核', async () => {
    fakeCore({ pending_account_count: () => 3 })
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('admin') }))
    for (const key of ['staff-accounts', 'admin-accounts', 'admin-security', 'admin-mail', 'admin-outbox', 'admin-login-log']) {
      expect(wrapper.find(`[data-testid="menu-${key}"]`).exists(), key).toBe(true)
    }
    expect(wrapper.get('[data-testid="menu-staff-accounts-badge"]').text()).toBe('3')
  })

  it('groups the admin pages, opening the group of the page shown', async () => {
    fakeCore({ account_queue: () => ({ items: [], total: 0 }) })
    ;({ wrapper } = await mountAt('/admin/outbox', { status: READY, session: session('admin') }))
    const groupOf = (key: string) => wrapper!.get(`[data-testid="menu-${key}"]`).element.closest('.el-sub-menu')
    expect(groupOf('admin-outbox')?.querySelector('[data-testid="menu-group-system"]')?.textContent).toBe('系统管理')
    expect(groupOf('admin-outbox')?.classList.contains('is-opened')).toBe(true)
    expect(groupOf('admin-audit')?.querySelector('[data-testid="menu-group-logs"]')?.textContent).toBe('日志管理')
    expect(groupOf('admin-audit')?.classList.contains('is-opened')).toBe(false)
    expect(groupOf('admin-freeze')?.querySelector('[data-testid="menu-group-registry"]')?.textContent).toBe('登记管理')
    // The daily work stays at the top level.
    expect(groupOf('staff-roster')).toBeNull()
    expect(wrapper!.get('[data-testid="menu-admin-outbox"]').classes()).toContain('is-active')
  })

  it('names an administrator 管理员', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/', { status: READY, session: session('admin') }))
    expect(wrapper.get('[data-testid="current-user-role"]').text()).toBe('管理员')
  })
})

describe('unknown pages', () => {
  it('says so in Chinese', async () => {
    fakeCore({})
    ;({ wrapper } = await mountAt('/nowhere', { status: READY }))
    expect(wrapper.text()).toContain('抱歉，您访问的页面不存在')
    expect(wrapper.get('[data-testid="not-found-home"]').text()).toBe('返回首页')
  })
})
