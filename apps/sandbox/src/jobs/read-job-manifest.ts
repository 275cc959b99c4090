import type { S3Client } from '@aws-sdk/client-s3'
import { partitionOf } from '../arn.js'
import type { Job } from './job.js'
import { generateManifest } from './manifest-generator.js'
import { readCsvManifest, readInventoryManifest } from './manifest-reader.js'
import type { Task } from './task.js'

/**
 * The job's tasks, from whichever source its request named: a CSV manifest, an S3 Inventory
 * report, or the manifest generator (which records the manifest it wrote on the job, for DescribeJob).
 * `s3` acts as the job's role; `serviceS3` as S3 itself, for what the generator reads on S3's side.
 * Throws JobFailure when the manifest cannot be used.
 */
export async function readJobManifest(job: Job, s3: S3Client, serviceS3: S3Client): Promise<Task[]> {
  const manifest = job.input.manifest
  if (manifest.kind === 'csv') return readCsvManifest(s3, manifest.location, manifest.fields)
  if (manifest.kind === 'inventory') return readInventoryManifest(s3, manifest.location)
  const allVersions = job.input.operation.name === 'S3ReplicateObject'
  const generated = await generateManifest(s3, serviceS3, manifest.generator, { id: job.id, partition: partitionOf(job.region), allVersions })
  if (generated.written) job.generatedManifest = generated.written
  return generated.tasks
}
