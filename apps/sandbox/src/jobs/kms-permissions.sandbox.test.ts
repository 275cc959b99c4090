import { GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateJobCommand, type CreateJobCommandInput, type S3CopyObjectOperation } from '@aws-sdk/client-s3-control'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../csv.js'
import { type Sandbox } from '../sandbox.js'
import { boto3Script, independentClientEnv } from '../test-support/cli.js'
import { createBatchRole, createBucket, putManifest, testClients, waitForJob, type TestClients } from '../test-support/clients.js'
import { createKmsKeys, type KmsKey } from '../test-support/kms.js'
import { useSandbox } from '../testing.js'

let sandbox: Sandbox
let aws: TestClients
let keys: Record<string, KmsKey>

useSandbox((started) => (sandbox = started), { timing: { stageDelayMs: 5 } })
beforeEach(async () => {
  aws = testClients(sandbox)
  for (const bucket of ['source', 'destination', 'manifests']) await createBucket(aws.s3, bucket)
  keys = await createKmsKeys(sandbox, ['source-key', 'dest-key', 'default-key'])
  await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'secret.txt', Body: 'classified', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keys['source-key']!.arn }))
  await aws.s3.send(new PutObjectCommand({ Bucket: 'source', Key: 'plain.txt', Body: 'plain' }))
})

const S3_ACCESS = [
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:ListBucket'], Resource: ['arn:aws:s3:::source', 'arn:aws:s3:::source/*', 'arn:aws:s3:::manifests/*'] },
  { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: ['arn:aws:s3:::destination/*', 'arn:aws:s3:::manifests/*'] },
]
const kms = (action: string, key: KmsKey, condition?: object) => ({ Effect: 'Allow', Action: action, Resource: key.arn, ...(condition ? { Condition: condition } : {}) })

/** Runs a copy job of `keysToCopy` under IAM enforcement and returns each task's [status, HTTP status, code, message]. */
async function copyUnderEnforcement(statements: object[], copy: Partial<S3CopyObjectOperation>, keysToCopy = ['secret.txt'], enforce = true) {
  const roleArn = await createBatchRole(aws.iam, `batch-${Math.random().toString(36).slice(2, 8)}`, [...S3_ACCESS, ...statements])
  const etag = await putManifest(aws.s3, 'manifests', 'm.csv', keysToCopy.map((key) => ['source', key]))
  await sandbox.setIamEnforcement(enforce)
  const input: CreateJobCommandInput = {
    AccountId: sandbox.accountId,
    ClientRequestToken: `t-${Math.random()}`,
    ConfirmationRequired: false,
    Priority: 1,
    RoleArn: roleArn,
    Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::destination', ...copy } },
    Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::manifests/m.csv', ETag: etag } },
    Report: { Enabled: true, Bucket: 'arn:aws:s3:::manifests', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' },
  }
  const { JobId } = await aws.s3control.send(new CreateJobCommand(input))
  await waitForJob(aws.s3control, sandbox.accountId, JobId!)
  await sandbox.setIamEnforcement(false)
  const read = async (key: string) => (await aws.s3.send(new GetObjectCommand({ Bucket: 'manifests', Key: key }))).Body!.transformToString()
  const report = JSON.parse(await read(`job-${JobId}/manifest.json`))
  const rows: string[][] = []
  for (const result of report.Results) rows.push(...parseCsv(await read(result.Key)))
  return Object.fromEntries(rows.map((row) => [row[1], row.slice(3)]))
}

describe('KMS through the sandbox endpoint', () => {
  it('serves KMS from moto to boto3 (AWS_ENDPOINT_URL_KMS), with KMS faults in the JSON error format', async () => {
    expect(sandbox.env.AWS_ENDPOINT_URL_KMS).toBe(sandbox.endpoint)
    sandbox.faults.add({ operation: 'Decrypt', status: 400, code: 'KMSInvalidStateException', message: 'Key is pending deletion' })
    const result = await boto3Script(
      independentClientEnv(sandbox),
      `
import boto3, json
from botocore.exceptions import ClientError
kms = boto3.client("kms")
blob = kms.encrypt(KeyId="alias/source-key", Plaintext=b"hi")["CiphertextBlob"]
try:
    kms.decrypt(CiphertextBlob=blob)
    first = "ok"
except ClientError as error:
    first = error.response["Error"]["Code"]
print(json.dumps({"first": first, "second": kms.decrypt(CiphertextBlob=blob)["Plaintext"].decode(), "key": kms.describe_key(KeyId="alias/dest-key")["KeyMetadata"]["Arn"]}))
`,
    )
    expect(result).toEqual({ first: 'KMSInvalidStateException', second: 'hi', key: keys['dest-key']!.arn })
    expect(sandbox.faults.stats()).toMatchObject({ Encrypt: { calls: 1, injected: 0 }, Decrypt: { calls: 2, injected: 1 } })
  })
})

describe('copy tasks and KMS under IAM enforcement', () => {
  it('fails a task that reads an SSE-KMS object without kms:Decrypt on its key', async () => {
    const rows = await copyUnderEnforcement([], {}, ['secret.txt', 'plain.txt'])
    expect(rows['secret.txt']?.slice(0, 3)).toEqual(['failed', '403', 'AccessDenied'])
    expect(rows['secret.txt']?.[3]).toContain(`kms:Decrypt on resource: "${keys['source-key']!.arn}"`)
    expect(rows['plain.txt']?.slice(0, 2)).toEqual(['succeeded', '200'])
  })

  it('needs kms:GenerateDataKey on the SSEAwsKmsKeyId, named by alias or ARN', async () => {
    const decrypt = kms('kms:Decrypt', keys['source-key']!)
    const withoutWrite = await copyUnderEnforcement([decrypt], { SSEAwsKmsKeyId: 'alias/dest-key' })
    expect(withoutWrite['secret.txt']?.slice(0, 3)).toEqual(['failed', '403', 'AccessDenied'])
    expect(withoutWrite['secret.txt']?.[3]).toContain(`kms:GenerateDataKey on resource: "${keys['dest-key']!.arn}"`)

    // The UG's condition keys hold for S3's own KMS calls.
    const viaS3 = { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::destination/*' } }
    const allowed = await copyUnderEnforcement([decrypt, kms('kms:GenerateDataKey', keys['dest-key']!, viaS3)], { SSEAwsKmsKeyId: 'alias/dest-key' })
    expect(allowed['secret.txt']?.slice(0, 2)).toEqual(['succeeded', '200'])
    const copied = await aws.s3.send(new HeadObjectCommand({ Bucket: 'destination', Key: 'secret.txt' }))
    expect(copied).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/dest-key' })
  })

  it("needs kms:GenerateDataKey on the destination's default SSE-KMS key when the job sets no encryption", async () => {
    await aws.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'destination',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keys['default-key']!.arn } }] },
      }),
    )
    const refused = await copyUnderEnforcement([], {}, ['plain.txt'])
    expect(refused['plain.txt']?.[3]).toContain(`kms:GenerateDataKey on resource: "${keys['default-key']!.arn}"`)
    const allowed = await copyUnderEnforcement([kms('kms:GenerateDataKey', keys['default-key']!)], {}, ['plain.txt'])
    expect(allowed['plain.txt']?.slice(0, 2)).toEqual(['succeeded', '200'])
    // Asking for SSE-S3 explicitly needs no key.
    const sseS3 = await copyUnderEnforcement([], { NewObjectMetadata: { SSEAlgorithm: 'AES256' } }, ['plain.txt'])
    expect(sseS3['plain.txt']?.slice(0, 2)).toEqual(['succeeded', '200'])
  })

  it('fails a task whose key KMS does not know, and checks nothing with enforcement off', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000'
    const rows = await copyUnderEnforcement([{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }], { SSEAwsKmsKeyId: missing }, ['plain.txt'])
    expect(rows['plain.txt']?.slice(0, 3)).toEqual(['failed', '400', 'KMS.NotFoundException'])
    const unchecked = await copyUnderEnforcement([], { SSEAwsKmsKeyId: missing }, ['secret.txt'], false)
    expect(unchecked['secret.txt']?.slice(0, 2)).toEqual(['succeeded', '200'])
  })
})
