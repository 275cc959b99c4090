export { encodeManifestKey } from './manifest-key.js'
export { S3SeedError, InvalidInputError, AwsCallError } from './errors.js'
