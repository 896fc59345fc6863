import { Module } from '@nestjs/common';
import { OrganisationsApiController } from './organisations.api.controller';
import { OrganisationsPagesController } from './organisations.pages.controller';
import { OrganisationsService } from './organisations.service';

@Module({
  controllers: [OrganisationsApiController, OrganisationsPagesController],
  providers: [OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
