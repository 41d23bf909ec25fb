// The address field's checks, as the shell makes them (crates/remote/src/address.rs): the
// shell checks again and its message goes beside the field too.

/** A Chinese reason, or '' when the address can be tried. */
export function checkAddress(raw: string): string {
  const text = raw.trim()
  if (text === '') return '请填写服务器地址'
  const lower = text.toLowerCase()
  let rest = text
  let tls = true
  if (lower.startsWith('https://')) rest = text.slice(8)
  else if (lower.startsWith('http://')) {
    rest = text.slice(7)
    tls = false
  } else if (text.includes('://')) return '服务器地址应以 https:// 开头'
  rest = rest.replace(/\/+$/, '')
  if (/[/?#@]/.test(rest)) return '服务器地址只写主机和端口，例如 https://192.168.1.10:8443'
  let host = rest
  let port: string | null = null
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(rest)
  if (v6) {
    host = v6[1]
    port = v6[2] ?? null
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    ;[host, port] = rest.split(':')
  }
  if (port !== null && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return '端口应为 1–65535 之间的数字'
  }
  if (host === '') return '请填写服务器的主机名或 IP 地址'
  if (!host.includes(':') && !/^[A-Za-z0-9.-]+$/.test(host)) return '主机名只能包含字母、数字、“-”和“.”'
  const loopback = host === 'localhost' || host.startsWith('127.') || host === '::1'
  if (!tls && !loopback) return '不加密的 http:// 只能连接本机；其他计算机上的服务器请用 https://'
  return ''
}
