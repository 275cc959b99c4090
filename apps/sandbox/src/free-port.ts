import { createServer } from 'node:net'

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('No port was assigned.'))
        else resolve(address.port)
      })
    })
  })
}
