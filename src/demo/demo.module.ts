import { Module } from '@nestjs/common';
import { DemoSeed } from './demo-seed';

@Module({ providers: [DemoSeed] })
export class DemoModule {}
