import { loadConfig, ConfigError } from './config.js';
import { serve } from './serve.js';

/** `npm start`: configuration from the environment, then serve until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  await serve(config);
}

await main();
