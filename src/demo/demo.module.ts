import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { DemoSeed } from './demo-seed';

@Module({ imports: [OrganisationsModule], providers: [DemoSeed] })
export class DemoModule {}
