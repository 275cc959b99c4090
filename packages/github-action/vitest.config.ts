import { mergeConfig } from 'vitest/config'
import { sharedTestConfig } from '../../vitest.shared.js'

export default mergeConfig(sharedTestConfig, {})
