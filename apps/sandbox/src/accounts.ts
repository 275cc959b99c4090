import type { Credentials, MotoAccess } from './aws-clients.js'
import { postMotoRoute } from './moto-routes.js'

/** An account of the sandbox, as `Sandbox.createAccount` and `POST /_sandbox/accounts` answer it. */
export interface SandboxAccount {
  accountId: string
  /** Its canonical user ID, as ListBuckets' Owner.ID and an object's owner in GetObjectAcl give it. */
  canonicalUserId: string
  /** Its admin user's credentials (allowed everything; they work with IAM enforcement on or off). */
  credentials: Credentials
}

/**
 * The sandbox's accounts: the first one (moto's default account) and those tests create. moto keeps
 * state per account, and knows an account by the access keys its IAM users have, so each account's
 * admin (user `sandbox-admin`, allowed everything) is made through a private moto route
 * (moto/s3seed_accounts.py) that works while IAM enforcement is on. A moto reset wipes them all.
 */
export class SandboxAccounts {
  private readonly known = new Map<string, SandboxAccount>()

  constructor(private readonly access: Pick<MotoAccess, 'endpoint' | 'region' | 'accounts'>) {}

  /** Creates the account and its admin, or returns it if the sandbox has it already. */
  async create(accountId: string): Promise<SandboxAccount> {
    const existing = this.known.get(accountId)
    if (existing !== undefined) return existing
    const account = (await postMotoRoute(this.access, 'account', { accountId, region: this.access.region })) as SandboxAccount
    this.known.set(accountId, account)
    this.access.accounts.set(accountId, account.credentials)
    return account
  }

  get(accountId: string): SandboxAccount | undefined {
    return this.known.get(accountId)
  }

  /** After moto's reset: no account is left but the first, made afresh. */
  async reset(firstAccountId: string): Promise<SandboxAccount> {
    this.known.clear()
    this.access.accounts.clear()
    return this.create(firstAccountId)
  }
}
