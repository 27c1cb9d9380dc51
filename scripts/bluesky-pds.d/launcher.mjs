// Starts the reference Bluesky PDS with its PLC directory (@atproto/dev-env's TestNetworkNoAppView) for
// the tests: bound to 127.0.0.1 only, data under TMPDIR, no AppView. Run it through scripts/bluesky-pds.
//
// When both servers answer it prints ONE line of JSON on stdout and nothing else there:
//   {"pds": "http://127.0.0.1:PORT", "plc": "http://127.0.0.1:PORT", "admin_password": "...", "pid": N}
// Accounts are created over HTTP (com.atproto.server.createAccount; no invite code needed), app
// passwords with com.atproto.server.createAppPassword. The process ends cleanly on SIGTERM/SIGINT and
// when its stdin closes (the test process that started it has gone), so no server outlives its tests.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const LOOPBACK = '127.0.0.1'

// dev-env listens with `app.listen(port)`, i.e. on every interface: pin every server of this process
// (PLC, PDS) to the loopback address instead.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, LOOPBACK)
  } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: LOOPBACK }
  }
  return listen.apply(this, args)
}

const appDir = process.env.BLUESKY_PDS_APP
if (!appDir) {
  console.error('BLUESKY_PDS_APP is not set: start this through scripts/bluesky-pds run')
  process.exit(2)
}
const devEnv = await import(
  pathToFileURL(path.join(appDir, 'node_modules', '@atproto', 'dev-env', 'dist', 'index.js')).href
)

const network = await devEnv.TestNetworkNoAppView.create({
  pds: { hostname: 'localhost', rateLimitsEnabled: process.env.BLUESKY_PDS_RATE_LIMITS === '1' },
})
const local = (url) => url.replace('//localhost:', `//${LOOPBACK}:`)

let closing = false
async function shutdown(code) {
  if (closing) return
  closing = true
  const timer = setTimeout(() => process.exit(code), 5000)
  timer.unref()
  try {
    await network.close()
  } catch (err) {
    console.error('closing the PDS failed:', err?.message ?? err)
  }
  // The folder the caller made for this server's data (its TMPDIR), when it asks us to remove it.
  const owned = process.env.BLUESKY_PDS_REMOVE_ON_EXIT
  if (owned && owned === process.env.TMPDIR) {
    fs.rmSync(owned, { recursive: true, force: true })
  }
  process.exit(code)
}
process.on('SIGTERM', () => shutdown(0))
process.on('SIGINT', () => shutdown(0))
process.stdin.on('end', () => shutdown(0))
process.stdin.on('error', () => shutdown(0))
process.stdin.resume()

process.stdout.write(
  JSON.stringify({
    pds: local(network.pds.url),
    plc: local(network.plc.url),
    admin_password: devEnv.ADMIN_PASSWORD,
    pid: process.pid,
  }) + '\n',
)
