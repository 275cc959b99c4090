import { expect, it } from 'vitest'
import { s3Permissions, type S3Permission } from './s3-actions.js'

const DELETE_BODY = '<Delete><Object><Key>a</Key></Object><Object><Key>b&amp;c</Key><VersionId>v1</VersionId></Object></Delete>'

it.each<[string, string, string, Record<string, string>, S3Permission[], string?]>([
  ['GetObject', 'GET', '/b/dir/k%20x', {}, [{ action: 's3:GetObject', bucket: 'b', key: 'dir/k x' }]],
  ['GetObject of a version', 'GET', '/b/k?versionId=v', {}, [{ action: 's3:GetObjectVersion', bucket: 'b', key: 'k' }]],
  ['HeadObject', 'HEAD', '/b/k', {}, [{ action: 's3:GetObject', bucket: 'b', key: 'k' }]],
  ['ListObjectsV2', 'GET', '/b?list-type=2', {}, [{ action: 's3:ListBucket', bucket: 'b' }]],
  ['ListObjectVersions', 'GET', '/b?versions', {}, [{ action: 's3:ListBucketVersions', bucket: 'b' }]],
  ['GetBucketLocation', 'GET', '/b?location', {}, [{ action: 's3:GetBucketLocation', bucket: 'b' }]],
  ['GetObjectAcl', 'GET', '/b/k?acl', {}, [{ action: 's3:GetObjectAcl', bucket: 'b', key: 'k' }]],
  ['PutObject with an ACL and tags', 'PUT', '/b/k', { 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-tagging': 'a=1' }, [
    { action: 's3:PutObject', bucket: 'b', key: 'k' }, { action: 's3:PutObjectAcl', bucket: 'b', key: 'k' }, { action: 's3:PutObjectTagging', bucket: 'b', key: 'k' },
  ]],
  ['CopyObject of a version', 'PUT', '/dest/k', { 'x-amz-copy-source': '/src/a%2Bb?versionId=v1' }, [
    { action: 's3:PutObject', bucket: 'dest', key: 'k' }, { action: 's3:GetObjectVersion', bucket: 'src', key: 'a+b' },
  ]],
  ['UploadPart', 'PUT', '/b/k?partNumber=1&uploadId=u', {}, [{ action: 's3:PutObject', bucket: 'b', key: 'k' }]],
  ['DeleteObject of a version', 'DELETE', '/b/k?versionId=v', {}, [{ action: 's3:DeleteObjectVersion', bucket: 'b', key: 'k' }]],
  ['DeleteObjects, key by key', 'POST', '/b?delete', {}, [{ action: 's3:DeleteObject', bucket: 'b', key: 'a' }, { action: 's3:DeleteObjectVersion', bucket: 'b', key: 'b&c' }], DELETE_BODY],
  ['ListBuckets (no bucket)', 'GET', '/', {}, []],
])('%s', (_case, method, target, headers, expected, body) => {
  const [path = '', query = ''] = target.split('?')
  expect(s3Permissions({ method, path, query: new URLSearchParams(query), headers, ...(body === undefined ? {} : { body }) })).toEqual(expected)
})
