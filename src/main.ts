import './config/load-env';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { appConfig, configNamespaces } from './config';
import { ConfigError } from './config/env';

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
  app.enableShutdownHooks();
  const { port, host, baseUrl } = appConfig();
  await app.listen(port, host);
  console.log(`Convene is serving ${baseUrl}`);
}

void bootstrap();
