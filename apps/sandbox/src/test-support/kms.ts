import type { Sandbox } from '../sandbox.js'
import { boto3Script, independentClientEnv } from './cli.js'

export interface KmsKey {
  keyId: string
  arn: string
}

/**
 * Creates symmetric KMS keys in moto's KMS through the sandbox endpoint (AWS_ENDPOINT_URL_KMS) with
 * boto3, one per name, each with the alias `alias/<name>`, in the first account or in `accountId`
 * (made with createAccount), with `keyPolicy` instead of the default key policy when given. The JS
 * SDK's KMS client is not a dependency of the sandbox, and boto3 makes an independent client besides.
 */
export async function createKmsKeys(sandbox: Sandbox, names: string[], accountId?: string, keyPolicy?: object): Promise<Record<string, KmsKey>> {
  const policy = keyPolicy === undefined ? '' : `, Policy=${JSON.stringify(JSON.stringify(keyPolicy))}`
  const script = `
import boto3, json, sys
kms = boto3.client("kms")
keys = {}
for name in ${JSON.stringify(names)}:
    key = kms.create_key(Description=name${policy})["KeyMetadata"]
    kms.create_alias(AliasName="alias/" + name, TargetKeyId=key["KeyId"])
    keys[name] = {"keyId": key["KeyId"], "arn": key["Arn"]}
print(json.dumps(keys))
`
  const env = { ...independentClientEnv(sandbox), ...(accountId === undefined ? {} : sandbox.accountEnv(accountId)) }
  return (await boto3Script(env, script)) as Record<string, KmsKey>
}
