// The AWS SDK client packages, each loaded at its first use rather than when core is imported, so a
// command pays start-up only for the services it calls (`verify` never loads IAM, KMS or S3 Control;
// decisions §30). Types: sdk-packages.d.cts.
//
// Plain CommonJS on purpose, copied to dist by the build: ncc, which bundles the Action, bundles a
// CommonJS require() and still runs it only when called, but leaves ESM's createRequire() to Node,
// where the bundle has no node_modules to find the package in; and vitest runs a .cjs file as it is,
// where it would not compile a .cts one. The SDK packages ship CommonJS, which is also what an
// `import` of them loads in Node, so both ways share one copy of each.
module.exports = {
  iam: () => require('@aws-sdk/client-iam'),
  kms: () => require('@aws-sdk/client-kms'),
  s3: () => require('@aws-sdk/client-s3'),
  s3control: () => require('@aws-sdk/client-s3-control'),
  sts: () => require('@aws-sdk/client-sts'),
}
