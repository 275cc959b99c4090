import type { STSClient } from '@aws-sdk/client-sts'
import { awsErrorCode, wrapAwsError } from './aws-error.js'
import { AwsCallError } from '../errors.js'
import { partitionOf } from '../layout.js'
// client-sts is loaded at the first call, not when the account functions are imported.
import sdk from './sdk-packages.cjs'

/** The caller's account ID: S3 Control calls need it in `x-amz-account-id` (aws/aws-sdk-js-v3#4860). */
export async function accountId(sts: STSClient): Promise<string> {
  return (await callerIdentity(sts)).accountId
}

/** Who calls: the account, the caller's ARN, and its partition (every ARN s3-seed builds is in it). */
export interface CallerIdentity {
  accountId: string
  partition: string
  arn: string
}

export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  try {
    const { GetCallerIdentityCommand } = sdk.sts()
    const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}))
    const partition = partitionOf(Arn ?? '')
    if (!Account || partition === undefined) throw new Error(`GetCallerIdentity returned no ${Account ? 'ARN' : 'account'}`)
    return { accountId: Account, partition, arn: Arn as string }
  } catch (error) {
    const code = awsErrorCode(error)
    if (code === 'CredentialsProviderError') {
      throw new AwsCallError(
        `No AWS credentials found: ${(error as Error).message}. Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, use --profile, or run aws sso login.`,
        'GetCallerIdentity',
        'CredentialsProviderError',
        { cause: error },
      )
    }
    throw wrapAwsError(error, 'GetCallerIdentity', 'Identifying the AWS account')
  }
}

/**
 * When the credentials the clients use expire, where that is known: temporary credentials from a
 * provider (SSO, an assumed role, credential_process) carry it, and keys in the environment with
 * AWS_CREDENTIAL_EXPIRATION. Undefined for long-term keys, or when the provider cannot say.
 */
export async function credentialsExpiration(sts: STSClient): Promise<Date | undefined> {
  try {
    const identity = await sts.config.credentials()
    return identity.expiration
  } catch {
    return undefined
  }
}
