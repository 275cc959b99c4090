import type { MotoAccess } from '../aws-clients.js'
import { postMotoRoute } from '../moto-routes.js'

/** Temporary credentials, as `Sandbox.issueCredentials` returns them (usable as SDK credentials as is). */
export interface TemporaryCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** When they stop working: every request signed with them from then on is refused ExpiredToken. */
  expiration: Date
}

export interface IssueCredentialsOptions {
  /**
   * Seconds from issue until the credentials expire: any number > 0 (fractions too) up to 129600
   * (36 hours, GetSessionToken's longest). Required; AWS's shortest session (900 s) is not enforced,
   * so tests can see credentials expire within seconds.
   */
  lifetimeSeconds: number
  /** The account whose admin the credentials belong to (made by createAccount). Default: the first account. */
  accountId?: string
}

/** What the gateway decides for a request signed with a session's access key. */
export type SessionVerdict = 'valid' | 'expired' | 'invalid-token'

/** The longest lifetime accepted: GetSessionToken's maximum for an IAM user (STS API GetSessionToken). */
export const MAX_LIFETIME_SECONDS = 129_600

interface Session {
  sessionToken: string
  expiresAt: number
}

/**
 * Temporary credentials of an account's admin user, for rehearsing runs that outlive their session
 * (OIDC, SSO and assumed-role sessions of an hour). moto issues the key (moto/s3seed_sessions.py):
 * with IAM enforcement on it acts as the admin user, same ARN and identity policies, as credentials
 * from GetSessionToken do (STS API GetSessionToken: "the permissions associated with the IAM user
 * whose credentials were used"). moto keeps no expiry, so the sandbox keeps each session's here and
 * the gateway refuses a request signed after it (credentials/session-refusal.ts), for every service,
 * S3 Control included. The clock is injected.
 */
export class SandboxSessions {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly access: Pick<MotoAccess, 'endpoint' | 'region'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Issues a session of `accountId`'s admin that expires `lifetimeSeconds` from now. */
  async issue(accountId: string, lifetimeSeconds: number): Promise<TemporaryCredentials> {
    checkLifetime(lifetimeSeconds)
    const issued = (await postMotoRoute(this.access, 'session', { accountId, region: this.access.region })) as {
      accessKeyId: string
      secretAccessKey: string
      sessionToken: string
    }
    const expiresAt = this.now() + Math.round(lifetimeSeconds * 1000)
    this.sessions.set(issued.accessKeyId, { sessionToken: issued.sessionToken, expiresAt })
    return {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: new Date(expiresAt),
    }
  }

  /**
   * The verdict on a request signed with `accessKeyId` and carrying `sessionToken`; undefined when
   * the key is not a session's (a user's or a role's key: moto decides). A session key needs its own
   * token (without it, or with another, AWS refuses the request as an invalid token), and is refused
   * from its expiration on.
   */
  check(accessKeyId: string | undefined, sessionToken: string | undefined): SessionVerdict | undefined {
    const session = accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId)
    if (session === undefined) return undefined
    if (sessionToken !== session.sessionToken) return 'invalid-token'
    return this.now() >= session.expiresAt ? 'expired' : 'valid'
  }

  /** Forgets every session (a reset: moto's reset removed their keys). */
  clear(): void {
    this.sessions.clear()
  }
}

function checkLifetime(lifetimeSeconds: unknown): void {
  if (typeof lifetimeSeconds !== 'number' || !(lifetimeSeconds > 0 && lifetimeSeconds <= MAX_LIFETIME_SECONDS)) {
    throw new Error(
      `Could not issue temporary credentials: "lifetimeSeconds" must be a number of seconds above 0 and at most ${MAX_LIFETIME_SECONDS}, not ${JSON.stringify(lifetimeSeconds)}.`,
    )
  }
}
