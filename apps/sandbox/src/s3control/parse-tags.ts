import { members, text, type XmlNode } from '../xml.js'
import type { Tag } from './create-job-input.js'
import { badRequest } from './errors.js'
import { required } from './xml-fields.js'

/**
 * A tag list with S3 Control's limits. Shared by CreateJob (Tags), PutJobTagging and the copy
 * operation's NewObjectTagging, which all use the same S3Tag shape.
 */
export function parseTags(node: XmlNode | XmlNode[] | undefined, name: string): Tag[] {
  const tags = members(node, name).map((tag) => ({ Key: required(tag, 'Key', `${name}.Key`), Value: text(tag, 'Value') ?? '' }))
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) throw badRequest(`Tag key "${tag.Key}" must be 1 to 128 characters.`)
    if (tag.Value.length > 256) throw badRequest(`Tag value for "${tag.Key}" must be at most 256 characters.`)
  }
  if (tags.length > 50) throw badRequest('A job can have at most 50 tags.')
  return tags
}
