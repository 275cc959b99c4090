#!/usr/bin/env node
import { limitHeapGrowth } from '@s3-seed/core/base'
import { main } from '../dist/main.js'

// The CLI owns its process: keep V8's heap close to what it keeps alive, as listings of millions of
// keys would otherwise grow it by tens of MB for no speed (core/src/listing/heap-growth.ts).
limitHeapGrowth()
// The pinned AWS SDK works on Node 20; its notice about future releases is not for s3-seed's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
process.exitCode = await main()
