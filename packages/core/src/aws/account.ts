import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { awsErrorCode, wrapAwsError } from './aws-error.js'
import { AwsCallError } from '../errors.js'

/** The caller's account ID: S3 Control calls need it in `x-amz-account-id` (aws/aws-sdk-js-v3#4860). */
export async function accountId(sts: STSClient): Promise<string> {
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}))
    if (!Account) throw new Error('GetCallerIdentity returned no account')
    return Account
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
