#!/usr/bin/env node
import { main } from '../dist/main.js'

// The pinned AWS SDK works on Node 20; its notice about future releases is not for s3-seed's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
process.exitCode = await main()
