import { Module } from '@nestjs/common';
import { OrganisationsApiController } from './organisations.api.controller';
import { OrganisationsPagesController } from './organisations.pages.controller';
import { OrganisationsService } from './organisations.service';
import { InvitationsService } from './invitations.service';
import { DirectoryQueries } from './directory.queries';

@Module({
  controllers: [OrganisationsApiController, OrganisationsPagesController],
  providers: [OrganisationsService, InvitationsService, DirectoryQueries],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
