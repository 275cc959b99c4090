import { run } from './main.js'

// The pinned AWS SDK works on the runner's Node; its notice about future releases is noise in logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
await run()
