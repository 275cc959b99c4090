import { DEFAULT_MANIFEST_PREFIX, deleteManifests, deleteRole, findManagedRoles } from '@s3-seed/core'
import type { CleanupCommandOptions } from '../args/types.js'
import { openSession, type CommandContext } from '../command-context.js'
import { EXIT } from '../exit-codes.js'

/**
 * `s3-seed cleanup [BUCKET...] [--yes]`: removes the IAM roles s3-seed created (found by name and
 * tag) and its manifests in the buckets named. Completion reports are kept: they are the record of
 * what was copied. Without --yes it only lists what it would remove.
 */
export async function cleanupCommand(options: CleanupCommandOptions, context: CommandContext): Promise<number> {
  const { clients, output } = openSession(options, context)
  const roles = await findManagedRoles(clients.iam)
  if (!options.yes) {
    if (roles.length === 0) output.log('No IAM roles created by s3-seed.')
    else output.log(`IAM roles that would be deleted:\n${roles.map((role) => `  ${role}`).join('\n')}`)
    if (options.buckets.length > 0) output.log(`Manifests under ${DEFAULT_MANIFEST_PREFIX} would be deleted from: ${options.buckets.join(', ')}`)
    output.log('Nothing was deleted. Run again with --yes to delete.')
    output.document({ deleted: false, roles, buckets: options.buckets })
    return EXIT.ok
  }
  for (const role of roles) {
    await deleteRole(clients.iam, role)
    output.log(`Deleted IAM role ${role}`)
  }
  const manifests: Record<string, number> = {}
  for (const bucket of options.buckets) {
    manifests[bucket] = await deleteManifests(clients.s3(clients.defaultRegion), bucket)
    output.log(`Deleted ${manifests[bucket]} manifest objects from ${bucket}`)
  }
  output.document({ deleted: true, roles, manifests })
  return EXIT.ok
}
