import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import JobProgress from './JobProgress.vue'

function shown(progress: { done: number; total: number; making?: boolean } | null): string {
  const w = mount(JobProgress, { props: { progress, testid: 'job' }, global: { plugins: [ElementPlus] } })
  return w.get('[data-testid=job-text]').text()
}

afterEach(() => {
  ;(window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {}
})

describe('JobProgress', () => {
  it('counts the core’s steps in the app', () => {
    expect(shown(null)).toBe('正在准备…')
    expect(shown({ done: 500, total: 2000 })).toBe('已完成 500 / 2000')
  })

  it('counts the download’s bytes in a browser, the total once the server says it', () => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__
    expect(shown(null)).toBe('正在准备…')
    expect(shown({ done: 1536, total: 3 * 1024 * 1024 })).toBe('已下载 1.5 KB / 3.0 MB')
    expect(shown({ done: 2048, total: 0 })).toBe('已下载 2.0 KB')
  })

  it('counts what the desktop app has downloaded when it works on a server', async () => {
    vi.mocked(invoke).mockImplementation(async (name) =>
      name === 'connection_info' ? { mode: 'server', address: 'https://swreg.example.cn', fingerprint: 'AB' } : null,
    )
    const w = mount(JobProgress, { props: { progress: { done: 1536, total: 3072 }, testid: 'job' }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    expect(w.get('[data-testid=job-text]').text()).toBe('已下载 1.5 MB / 3.0 MB')
    vi.mocked(invoke).mockReset()
  })

  it('counts the records while the server makes the file, before its first byte', () => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__
    expect(shown({ done: 300, total: 1200, making: true })).toBe('服务器正在生成：已完成 300 / 1200')
  })
})
