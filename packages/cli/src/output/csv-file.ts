import { InvalidInputError } from '@s3-seed/core/base'
import { closeSync, constants, fstatSync, lstatSync, openSync, unlinkSync, writeSync, type Stats } from 'node:fs'
import { join } from 'node:path'

/** Lines are gathered up to this size, then written at once: what waits in memory is at most this. */
const CSV_BATCH_BYTES = 64 * 1024

/**
 * The --csv file. It is created, never opened as found: O_CREAT|O_EXCL fails on any existing
 * path, a symbolic link included, even a dangling one (POSIX open(): "If O_CREAT and O_EXCL are
 * set, and path names a symbolic link, open() shall fail with errno set to [EEXIST]"), so no
 * file is overwritten and nothing is written through a link planted at the path; O_NOFOLLOW
 * (absent on Windows) says the same again. Mode 0600: a bucket's keys can be as private as its
 * objects. With --force, an existing file or link is unlinked first (which removes a link, not its
 * target) and the file is then created the same way, so a link put back in between is refused.
 *
 * Writes are synchronous, in batches. core calls onDifference without waiting for it, so a
 * stream's 'drain' could not hold the comparison back and a slow disk would let a huge diff pile
 * up in the stream's buffer; writeSync returns only once the OS has the bytes, which bounds memory
 * by CSV_BATCH_BYTES. There is no stream, so no 'error' event can go unhandled: a failed write is
 * kept as `failure` and aborts the run (`failed`), instead of throwing inside core's callback.
 */
export class CsvFile {
  private readonly fd: number
  private open = true
  private batch: string[] = []
  private batchBytes = 0
  private readonly aborter = new AbortController()
  /** Why writing failed, once it has. */
  failure: InvalidInputError | undefined
  /** Aborted when a write fails. */
  readonly failed = this.aborter.signal

  constructor(
    private readonly path: string,
    force: boolean,
  ) {
    try {
      if (force) removeExisting(path)
      this.fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600)
    } catch (error) {
      throw error instanceof InvalidInputError ? error : cannotCreate(path, error as NodeJS.ErrnoException)
    }
  }

  write(text: string): void {
    if (this.failure !== undefined) return
    this.batch.push(text)
    this.batchBytes += text.length
    if (this.batchBytes >= CSV_BATCH_BYTES) this.flush()
  }

  /** Writes what is left and closes the file; throws the write's failure, if any. */
  finish(): void {
    this.flush()
    if (this.failure !== undefined) throw this.failure
    this.open = false
    closeSync(this.fd)
  }

  /**
   * Closes and removes the file after a failed or interrupted run: a partial list of differences
   * would read as a complete one, and it would stand in the way of the rerun (no overwrite without
   * --force). Only if the path still names the file this run created.
   */
  discard(): void {
    if (!this.open) return
    try {
      const mine = fstatSync(this.fd)
      const there = lstatSync(this.path, { throwIfNoEntry: false })
      if (there !== undefined && there.ino === mine.ino && there.dev === mine.dev) unlinkSync(this.path)
    } catch {
      // Best effort: the error that ended the run is the one to report.
    }
    this.open = false
    closeSync(this.fd)
  }

  private flush(): void {
    if (this.failure !== undefined || this.batch.length === 0) return
    const bytes = Buffer.from(this.batch.join(''))
    this.batch = []
    this.batchBytes = 0
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done)
    } catch (error) {
      const reason = (error as Error).message
      this.failure = new InvalidInputError(`Could not write --csv ${this.path}: ${reason}. verify stopped and removed the partial file; free some space or name a file on another disk with --csv, and run it again.`, '--csv')
      this.aborter.abort(this.failure)
    }
  }
}

/** --force: unlinks what is at `path` if it is a file or a symbolic link (not followed); refuses anything else. */
function removeExisting(path: string): void {
  const found = lstatSync(path, { throwIfNoEntry: false })
  if (found === undefined) return
  if (found.isDirectory()) throw isDirectory(path)
  if (!found.isFile() && !found.isSymbolicLink()) {
    throw new InvalidInputError(`--csv ${path} is not a regular file (a device, a pipe or a socket); --force replaces only files and symbolic links. Name a file to create with --csv.`, '--csv')
  }
  unlinkSync(path)
}

function isDirectory(path: string): InvalidInputError {
  return new InvalidInputError(`--csv ${path} is a directory. Name a file to create in it, e.g. --csv ${join(path, 'differences.csv')}.`, '--csv')
}

/** Why the --csv file could not be created, and what to do, from the OS error. */
function cannotCreate(path: string, error: NodeJS.ErrnoException): InvalidInputError {
  const fail = (message: string) => new InvalidInputError(message, '--csv')
  const reason = error.message
  switch (error.code) {
    case 'EEXIST': {
      const found = lstatOrUndefined(path)
      if (found?.isDirectory()) return isDirectory(path)
      if (found?.isSymbolicLink()) {
        return fail(`--csv ${path} is a symbolic link; verify does not write through links. Name the file itself, or pass --force to replace the link (not its target) with a new file.`)
      }
      return fail(`--csv ${path} already exists; verify does not overwrite files. Name a new file, or pass --force to replace it.`)
    }
    case 'ENOENT':
      return fail(`Cannot create --csv ${path}: its directory does not exist (${reason}). Create the directory, or name a file in one that exists.`)
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return fail(`Cannot create --csv ${path}: not allowed to write there (${reason}). Name a file in a directory you can write to.`)
    case 'ENOTDIR':
      return fail(`Cannot create --csv ${path}: a part of the path is a file, not a directory (${reason}). Check the path.`)
    case 'EISDIR':
      return isDirectory(path)
    default:
      return fail(`Cannot create --csv ${path}: ${reason}. Check the path, or name another file.`)
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}
