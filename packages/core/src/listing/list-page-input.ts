import type { PageBuffers } from './page-buffers.js'

/** One ListObjectsV2 page to request, through the lean path or the SDK (list-page.ts). */
export interface ListPageInput {
  bucket: string
  prefix?: string | undefined
  startAfter?: string | undefined
  continuationToken?: string | undefined
  /** Keys per page, at most 1,000. Default: 1,000. */
  maxKeys?: number | undefined
  /** Also read each object's ETag. Default: false (seeding compares sizes only). */
  etags?: boolean
  /** The range's last key: the page's keys past the first one beyond it are not read. */
  end?: string | undefined
  signal?: AbortSignal
  /** Buffers to build the page in, given back by its consumer (PageBuffers). Default: new ones. */
  buffers?: PageBuffers | undefined
  /** Sees the status of every attempt, retries included (for adaptive concurrency). */
  onResponse?: (statusCode: number) => void
}
