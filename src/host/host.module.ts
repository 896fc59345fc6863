import { Module } from '@nestjs/common';
import { HostController } from './host.controller';

/** What the host organisation publishes as itself: its logo and the privacy notice. */
@Module({ controllers: [HostController] })
export class HostModule {}
