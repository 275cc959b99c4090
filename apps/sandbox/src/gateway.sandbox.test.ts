import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3'
import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox } from './sandbox.js'
import { BATCH_TRUST_POLICY, createBucket, testClients, type TestClients } from './test-support/clients.js'
import { useSandbox } from './testing.js'

let sandbox: Sandbox
let aws: TestClients

useSandbox((started) => (sandbox = started))
beforeEach(async () => {
  aws = testClients(sandbox)
  await createBucket(aws.s3, 'bucket')
})

describe('the sandbox endpoint', () => {
  it('proxies S3, IAM and STS to moto', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'v' }))
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: 'bucket' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['k'])
    const { Role } = await aws.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: BATCH_TRUST_POLICY }))
    expect(Role?.Arn).toBe(`arn:aws:iam::${sandbox.accountId}:role/r`)
  })

  it('injects S3 faults by operation name, for the chosen number of calls', async () => {
    sandbox.faults.add({ operation: 'ListObjectsV2', count: 2, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' })
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await aws.s3.send(new ListObjectsV2Command({ Bucket: 'bucket' })).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(S3ServiceException)
      expect((error as S3ServiceException).name).toBe('SlowDown')
      expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(503)
    }
    // Other operations were never affected; the rule is used up now.
    await aws.s3.send(new HeadBucketCommand({ Bucket: 'bucket' }))
    expect((await aws.s3.send(new ListObjectsV2Command({ Bucket: 'bucket' }))).KeyCount).toBe(0)
    expect(sandbox.faults.list()).toEqual([])
  })

  it('names a request by its path as sent, dot segments kept: PUT /bucket/../dotdot is a PutObject', async () => {
    // URL parsing would make it PUT /dotdot, a CreateBucket (gateway requestTarget).
    sandbox.faults.add({ operation: 'PutObject', keyPattern: '^\\.\\.(/dotdot)?$', count: 2, status: 503, code: 'SlowDown' })
    for (const key of ['../dotdot', '..']) {
      const error = await aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: 'v' })).catch((caught: unknown) => caught)
      expect((error as S3ServiceException).name).toBe('SlowDown')
    }
    await aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: '../dotdot', Body: 'v' }))
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: 'bucket' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['../dotdot'])
  })

  it('injects IAM faults in the Query error format', async () => {
    sandbox.faults.add({ operation: 'CreateRole', status: 400, code: 'Throttling', message: 'Rate exceeded' })
    const error = await aws.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: BATCH_TRUST_POLICY })).catch((caught: unknown) => caught)
    expect((error as Error).name).toBe('Throttling')
    expect((error as Error).message).toBe('Rate exceeded')
  })

  it('manages faults and timing through the admin API', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sandbox.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (response) => ({ status: response.status, body: await response.json() }))
    expect(await post('/_sandbox/faults', { operation: 'PutObject', status: 500, code: 'InternalError' })).toMatchObject({ status: 201 })
    await expect(aws.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'v' }))).rejects.toThrow()
    expect(await post('/_sandbox/faults', { operation: 'PutObject', status: 500 })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/both "status" and "code"/) } })
    expect(await post('/_sandbox/timing', { taskDelayMs: 7 })).toMatchObject({ status: 200, body: { taskDelayMs: 7 } })
    expect(sandbox.engine.timing.taskDelayMs).toBe(7)
  })
})

describe('pnpm sandbox (the bin)', () => {
  it('prints the environment, serves requests and stops on SIGINT', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
    const child = spawn(process.execPath, [bin], { env: { ...process.env, S3_SEED_SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8')
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk
        if (output.includes('Ctrl-C')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${output}`)))
    })
    const env = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1], match[2]]))
    expect(Object.keys(env).sort()).toEqual([
      'AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_KMS', 'AWS_ENDPOINT_URL_S3',
      'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY',
    ])
    const health = await fetch(`${env.AWS_ENDPOINT_URL_S3}/_sandbox/health`)
    expect(await health.json()).toEqual({ ok: true })
    child.kill('SIGINT')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    await expect(fetch(`${env.AWS_ENDPOINT_URL_S3}/_sandbox/health`)).rejects.toThrow()
  })
})
