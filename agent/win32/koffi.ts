import koffi from 'koffi';

/**
 * Where the agent gets koffi (a C FFI) from: the one place to change when the packaged build
 * loads koffi's native module from its own extracted assets instead of node_modules.
 */
export { koffi };
