import { decodeEntities, elementText } from '../util/xml-text.js'

/** One entry of a ListObjectVersions page: an object version or a delete marker. */
export interface VersionEntry {
  key: string
  versionId: string
  /** The key's current entry. */
  isLatest: boolean
  lastModified: Date | undefined
  deleteMarker: boolean
}

export interface VersionPage {
  entries: VersionEntry[]
  isTruncated: boolean
  /** Where the next page starts (KeyMarker and VersionIdMarker of the next request), decoded. */
  nextKeyMarker?: string | undefined
  nextVersionIdMarker?: string | undefined
}

/**
 * Reads a ListObjectVersions response body (S3 API Reference, ListObjectVersions: ListVersionsResult)
 * for the few fields a check of recent writes needs: each Version's and DeleteMarker's Key,
 * VersionId, IsLatest and LastModified, and IsTruncated, NextKeyMarker and NextVersionIdMarker.
 * These pages are few (the keys written during a seeding), so the body is read whole, unlike a
 * ListObjectsV2 page (ListPageParser). Keys and markers are URL-decoded when the page says
 * EncodingType url (S3 writes a space as `+`), and XML-decoded otherwise.
 */
export function parseVersionPage(xml: string): VersionPage {
  const urlEncoded = elementText(xml, 'EncodingType') === 'url'
  const decode = (text: string) => (urlEncoded ? decodeURIComponent(text.replace(/\+/g, ' ')) : decodeEntities(text))
  const entries: VersionEntry[] = []
  // `<Version>` and `<DeleteMarker>` only: `<VersionId>` does not match (the name ends at `>`).
  for (const match of xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)) {
    const body = match[2] as string
    const key = elementText(body, 'Key')
    const versionId = elementText(body, 'VersionId')
    if (key === undefined || versionId === undefined) continue
    const lastModified = elementText(body, 'LastModified')
    entries.push({
      key: decode(key),
      versionId: decodeEntities(versionId),
      isLatest: elementText(body, 'IsLatest') === 'true',
      lastModified: lastModified === undefined ? undefined : new Date(lastModified),
      deleteMarker: match[1] === 'DeleteMarker',
    })
  }
  const nextKeyMarker = elementText(xml, 'NextKeyMarker')
  const nextVersionIdMarker = elementText(xml, 'NextVersionIdMarker')
  return {
    entries,
    isTruncated: elementText(xml, 'IsTruncated') === 'true',
    nextKeyMarker: nextKeyMarker === undefined ? undefined : decode(nextKeyMarker),
    nextVersionIdMarker: nextVersionIdMarker === undefined ? undefined : decodeEntities(nextVersionIdMarker),
  }
}
