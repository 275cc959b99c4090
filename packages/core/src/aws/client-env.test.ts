import { describe, expect, it } from 'vitest'
import { clientOptionsFromEnv } from './client-env.js'

describe('clientOptionsFromEnv: credentials as the SDK orders them', () => {
  it('AWS_PROFILE wins over keys in the environment; --profile over both', () => {
    const env = { AWS_PROFILE: 'sso-dev', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' }
    expect(clientOptionsFromEnv(env)).toEqual({ region: 'us-east-1', endpoints: {}, profile: 'sso-dev' })
    expect(clientOptionsFromEnv(env, { profile: 'prod' })).toEqual({ region: 'us-east-1', endpoints: {}, profile: 'prod' })
  })

  it('keys in the environment carry AWS_CREDENTIAL_EXPIRATION; none at all leaves the default chain to find and refresh them', () => {
    const keys = { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token', AWS_CREDENTIAL_EXPIRATION: '2026-12-02T18:00:00Z' }
    expect(clientOptionsFromEnv(keys).credentials).toEqual({ accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2026-12-02T18:00:00Z') })
    expect(clientOptionsFromEnv({ ...keys, AWS_CREDENTIAL_EXPIRATION: 'soon' }).credentials).not.toHaveProperty('expiration')
    expect(clientOptionsFromEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: '/token', AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/ci' })).toEqual({ region: 'us-east-1', endpoints: {} })
  })
})

describe('clientOptionsFromEnv: S3_SEED_LIST_REQUESTS', () => {
  it('chooses how list requests go out, lean unless set, and refuses any other value naming the variable', () => {
    expect(clientOptionsFromEnv({})).not.toHaveProperty('listRequests')
    expect(clientOptionsFromEnv({ S3_SEED_LIST_REQUESTS: 'sdk' }).listRequests).toBe('sdk')
    expect(clientOptionsFromEnv({ S3_SEED_LIST_REQUESTS: 'lean' }).listRequests).toBe('lean')
    expect(() => clientOptionsFromEnv({ S3_SEED_LIST_REQUESTS: 'SDK' })).toThrow(/S3_SEED_LIST_REQUESTS is "SDK": set it to sdk .* or lean/)
  })
})
