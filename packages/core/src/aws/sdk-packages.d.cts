// The types of sdk-packages.cjs: each function loads its AWS SDK client package on first call.
declare const sdkPackages: {
  iam(): typeof import('@aws-sdk/client-iam')
  kms(): typeof import('@aws-sdk/client-kms')
  s3(): typeof import('@aws-sdk/client-s3')
  s3control(): typeof import('@aws-sdk/client-s3-control')
  sts(): typeof import('@aws-sdk/client-sts')
}
export = sdkPackages
