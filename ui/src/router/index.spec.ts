import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useAppStore } from '@/stores/app'
import { useSessionStore } from '@/stores/session'
import { READY, fakeCore, session } from '@/testing'
import { guard, routes } from '.'

function makeRouter() {
  const router = createRouter({ history: createMemoryHistory(), routes })
  router.beforeEach(guard)
  return router
}

async function land(path: string) {
  const router = makeRouter()
  await router.push(path)
  return router.currentRoute.value
}

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('router guard', () => {
  it('sends everything to /setup while no administrator exists', async () => {
    const calls = fakeCore({ app_status: () => ({ ...READY, needsSetup: true }) })
    expect((await land('/login')).name).toBe('setup')
    expect((await land('/')).name).toBe('setup')
    expect((await land('/my')).name).toBe('setup')
    expect((await land('/setup')).name).toBe('setup')
    // The status is asked once and kept.
    expect(calls.filter((c) => c.name === 'app_status')).toHaveLength(1)
  })

  it('sends /setup away once an administrator exists', async () => {
    fakeCore({ app_status: () => READY })
    expect((await land('/setup')).name).toBe('login')
    useSessionStore().start(session('admin'))
    expect((await land('/setup')).name).toBe('home')
  })

  it('sends a visitor without a session to /login, remembering where to', async () => {
    useAppStore().status = READY
    expect((await land('/')).fullPath).toBe('/login')
    const to = await land('/my')
    expect(to.name).toBe('login')
    expect(to.query.redirect).toBe('/my')
  })

  it('lets a logged-in user in, and not back to /login', async () => {
    useAppStore().status = READY
    useSessionStore().start(session('worker'))
    expect((await land('/')).name).toBe('home')
    expect((await land('/my')).name).toBe('my')
    expect((await land('/login')).name).toBe('home')
  })

  it('keeps staff out of worker pages', async () => {
    useAppStore().status = READY
    useSessionStore().start(session('reviewer'))
    expect((await land('/my')).name).toBe('home')
  })

  it('opens 注册 and 找回密码 without a session, and not with one', async () => {
    useAppStore().status = READY
    expect((await land('/register')).name).toBe('register')
    expect((await land('/recover')).name).toBe('recover')
    useSessionStore().start(session('worker'))
    expect((await land('/register')).name).toBe('home')
    expect((await land('/recover')).name).toBe('home')
  })

  it('keeps a user with a temporary password on 密码修改', async () => {
    useAppStore().status = READY
    useSessionStore().start(session('admin', { mustChangePassword: true, passwordExpired: false }))
    for (const path of ['/', '/admin/accounts', '/login', '/setup', '/no/such/page', '/my/password']) {
      expect((await land(path)).name, path).toBe('password')
    }
  })

  it('opens staff pages by role', async () => {
    useAppStore().status = READY
    const store = useSessionStore()
    store.start(session('worker'))
    expect((await land('/my/password')).name).toBe('password')
    expect((await land('/staff/accounts')).name).toBe('home')
    expect((await land('/admin/mail')).name).toBe('home')
    store.start(session('reviewer'))
    expect((await land('/my/password')).name).toBe('password')
    expect((await land('/staff/accounts')).name).toBe('staff-accounts')
    expect((await land('/admin/login-log')).name).toBe('home')
    store.start(session('admin'))
    for (const name of ['staff-accounts', 'admin-accounts', 'admin-security', 'admin-mail', 'admin-outbox', 'admin-login-log']) {
      expect((await land(`/${name.replace('-', '/')}`)).name).toBe(name)
    }
  })

  it('shows the 404 page for an unknown path', async () => {
    useAppStore().status = READY
    expect((await land('/no/such/page')).name).toBe('not-found')
  })

  it('still offers the login page when the core cannot answer', async () => {
    fakeCore({})
    expect((await land('/')).name).toBe('login')
  })
})
