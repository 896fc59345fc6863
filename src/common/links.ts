import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '../config';

/** Absolute links for emails, always from APP_BASE_URL and never from the request's Host. */
@Injectable()
export class Links {
  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {}

  to(path: string, query: Record<string, string> = {}): string {
    const url = new URL(path, this.config.baseUrl + '/');
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }
}
