import './config/load-env';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { appConfig, configNamespaces } from './config';
import { ConfigError } from './config/env';

/** A drain that has not finished by then (a request stuck on a remote) ends anyway. */
const SHUTDOWN_DEADLINE_MS = 20_000;

async function bootstrap(): Promise<void> {
  try {
    configNamespaces.forEach((namespace) => namespace());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter());
  await configureApp(app);
  // SIGTERM: stop accepting, let requests in flight finish, drain the mail worker, close the pool.
  app.enableShutdownHooks();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  }
  const { port, host, baseUrl } = appConfig();
  await app.listen(port, host);
  console.log(`Convene is serving ${baseUrl}`);
}

void bootstrap();
