import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { Links } from './links';

@Global()
@Module({ providers: [Clock, Links], exports: [Clock, Links] })
export class CommonModule {}
