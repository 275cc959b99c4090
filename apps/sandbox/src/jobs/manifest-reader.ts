import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { gunzipSync } from 'node:zlib'
import { bucketFromArn } from '../arn.js'
import { describeAwsError } from '../aws-clients.js'
import { parseCsv } from '../csv.js'
import type { ManifestField, ManifestLocation } from '../s3control/create-job-input.js'
import { decodeManifestKey, type Task } from './task.js'

/** A job-level failure, shown in DescribeJob's FailureReasons. */
export class JobFailure extends Error {
  constructor(
    readonly failureCode: string,
    readonly failureReason: string,
  ) {
    super(failureReason)
  }
}

/**
 * Reads a CSV manifest (S3BatchOperations_CSV_20180820) with the job role's credentials, as
 * AWS does: an unreadable manifest fails the job ("Reading the manifest is forbidden: AccessDenied",
 * UG troubleshooting-batch-operations), and an ETag that differs from CreateJob's fails it too.
 */
export async function readCsvManifest(s3: S3Client, location: ManifestLocation, fields: ManifestField[]): Promise<Task[]> {
  const body = await readManifestObject(s3, location)
  const rows = parseCsv(body.toString('utf8'))
  const tasks: Task[] = []
  const buckets = new Set<string>()
  rows.forEach((row, index) => {
    if (row.length !== fields.length) {
      throw new JobFailure(
        'ManifestMalformed',
        `Manifest row ${index + 1} has ${row.length} fields but the job's Manifest.Spec.Fields lists ${fields.length}.`,
      )
    }
    const value = (name: ManifestField) => row[fields.indexOf(name)] as string
    tasks.push(toTask(value('Bucket'), value('Key'), fields.includes('VersionId') ? value('VersionId') : undefined))
    buckets.add(value('Bucket'))
  })
  checkTasks(tasks, buckets)
  return tasks
}

/**
 * Reads an S3 Inventory manifest (S3InventoryReport_CSV_20161130): `manifest.json` names gzipped CSV
 * data files in `destinationBucket` and their column order in `fileSchema`
 * (UG batch-ops-copy-example-bucket-key, storage-inventory-location).
 */
export async function readInventoryManifest(s3: S3Client, location: ManifestLocation): Promise<Task[]> {
  const body = await readManifestObject(s3, location)
  let manifest: { destinationBucket?: string; fileSchema?: string; files?: Array<{ key?: string }> }
  try {
    manifest = JSON.parse(body.toString('utf8'))
  } catch {
    throw new JobFailure('ManifestMalformed', 'The inventory manifest.json is not valid JSON.')
  }
  const dataBucket = bucketFromArn(manifest.destinationBucket ?? '') ?? manifest.destinationBucket
  const columns = (manifest.fileSchema ?? '').split(',').map((column) => column.trim())
  if (!dataBucket || !columns.includes('Bucket') || !columns.includes('Key') || !Array.isArray(manifest.files)) {
    throw new JobFailure('ManifestMalformed', 'The inventory manifest.json needs destinationBucket, fileSchema (with Bucket and Key) and files.')
  }
  const tasks: Task[] = []
  const buckets = new Set<string>()
  for (const file of manifest.files) {
    const data = await readObject(s3, dataBucket, file.key ?? '', 'inventory data file')
    const csv = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data
    for (const row of parseCsv(csv.toString('utf8'))) {
      const value = (name: string) => row[columns.indexOf(name)] ?? ''
      tasks.push(toTask(value('Bucket'), value('Key'), columns.includes('VersionId') ? value('VersionId') : undefined))
      buckets.add(value('Bucket'))
    }
  }
  checkTasks(tasks, buckets)
  return tasks
}

function toTask(bucket: string, manifestKey: string, versionId: string | undefined): Task {
  return { bucket, manifestKey, key: decodeManifestKey(manifestKey), ...(versionId === undefined ? {} : { versionId }) }
}

function checkTasks(tasks: Task[], buckets: Set<string>): void {
  if (tasks.length === 0) throw new JobFailure('ManifestEmpty', 'The manifest lists no objects.')
  // "All objects in the manifest must be in the same bucket" (UG batch-ops-create-job).
  if (buckets.size > 1) {
    throw new JobFailure('ManifestMalformed', `The manifest lists objects in ${buckets.size} buckets; a job's manifest must name one bucket.`)
  }
}

async function readManifestObject(s3: S3Client, location: ManifestLocation): Promise<Buffer> {
  let response
  try {
    response = await s3.send(
      new GetObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        ...(location.versionId === undefined ? {} : { VersionId: location.versionId }),
      }),
    )
  } catch (error) {
    const { code } = describeAwsError(error)
    if (code === 'AccessDenied') throw new JobFailure('AccessDenied', 'Reading the manifest is forbidden: AccessDenied')
    throw new JobFailure(code, `Reading the manifest failed: ${code}`)
  }
  const actual = (response.ETag ?? '').replaceAll('"', '')
  if (actual !== location.etag.replaceAll('"', '')) {
    throw new JobFailure(
      'ManifestETagMismatch',
      `The manifest's ETag (${actual}) does not match the ETag given in CreateJob (${location.etag}).`,
    )
  }
  return Buffer.from(await response.Body!.transformToByteArray())
}

async function readObject(s3: S3Client, bucket: string, key: string, what: string): Promise<Buffer> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    return Buffer.from(await response.Body!.transformToByteArray())
  } catch (error) {
    const { code } = describeAwsError(error)
    throw new JobFailure(code, `Reading the ${what} s3://${bucket}/${key} failed: ${code}`)
  }
}
