import { deleteManifests, deleteRole, findManagedRoles } from '@s3-seed/core'
import type { CleanupCommandOptions } from '../args.js'
import { clientsFor } from '../aws-clients.js'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'

/**
 * `s3-seed cleanup [BUCKET...] [--yes]`: removes the IAM roles s3-seed created (found by name and
 * tag) and its manifests in the buckets named. Completion reports are kept: they are the record of
 * what was copied. Without --yes it only lists what it would remove.
 */
export async function cleanupCommand(options: CleanupCommandOptions, { io }: { io: CliIo }): Promise<number> {
  const clients = clientsFor(options, io.env)
  const roles = await findManagedRoles(clients.iam)
  const log = options.json ? io.stderr : io.stdout
  if (!options.yes) {
    log.write(roles.length === 0 ? 'No IAM roles created by s3-seed.\n' : `IAM roles that would be deleted:\n${roles.map((role) => `  ${role}\n`).join('')}`)
    if (options.buckets.length > 0) log.write(`Manifests under .s3-seed/manifests/ would be deleted from: ${options.buckets.join(', ')}\n`)
    log.write('Nothing was deleted. Run again with --yes to delete.\n')
    if (options.json) io.stdout.write(`${JSON.stringify({ deleted: false, roles, buckets: options.buckets })}\n`)
    return EXIT.ok
  }
  for (const role of roles) {
    await deleteRole(clients.iam, role)
    log.write(`Deleted IAM role ${role}\n`)
  }
  const manifests: Record<string, number> = {}
  for (const bucket of options.buckets) {
    manifests[bucket] = await deleteManifests(clients.s3(clients.defaultRegion), bucket)
    log.write(`Deleted ${manifests[bucket]} manifest objects from ${bucket}\n`)
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ deleted: true, roles, manifests })}\n`)
  return EXIT.ok
}
