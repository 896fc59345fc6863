import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { submitForm } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { AccountDeletionService } from './account-deletion.service';
import { DeleteAccountDto } from './dto/personal-data.dto';
import { MyDataService } from './my-data.service';
import { myDataPageView, participantsPageView } from './personal-data.views';
import { PublishedParticipantsService } from './published-participants.service';

@ApiExcludeController()
@Controller()
export class PersonalDataPagesController {
  constructor(
    private readonly myData: MyDataService,
    private readonly deletion: AccountDeletionService,
    private readonly participants: PublishedParticipantsService,
  ) {}

  @Get('account/data')
  async page(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const data = myDataPageView(await this.myData.collect(user.id));
    return renderPage(request, reply, 'personal-data/data', data);
  }

  /** The same JSON as GET /api/v1/me/data, as a file to keep. */
  @Get('account/data.json')
  async download(@CurrentUser() user: SignedInUser, @Res() reply: FastifyReply) {
    const data = await this.myData.collect(user.id);
    return reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="convene-my-data.json"')
      .header('Cache-Control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  }

  @Post('account/delete')
  async deleteAccount(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = {
      view: 'personal-data/data',
      ...myDataPageView(await this.myData.collect(user.id)),
    };
    return submitForm(
      request,
      reply,
      DeleteAccountDto,
      { view: page.view, title: page.title, data: page },
      async (value) => {
        await this.deletion.deleteAccount(user.id, value.password);
        const locale = request.locale ?? 'en';
        await request.session.destroy();
        return redirect(reply, `/account/deleted?lang=${locale}`);
      },
    );
  }

  @Public()
  @Get('account/deleted')
  deleted(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'personal-data/deleted', { title: 'my_data.deleted_title' });
  }

  @Public()
  @Get('consultations/:id/participants')
  async participantList(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { consultation, participants } = await this.participants.list(id);
    return renderPage(
      request,
      reply,
      'personal-data/participants',
      participantsPageView(consultation, participants, request.locale ?? 'en'),
    );
  }

  @Roles(UserRole.Admin)
  @Post('admin/consultations/:id/participants/publish')
  async publish(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const published = (request.body as Record<string, unknown> | undefined)?.published === 'true';
    await this.participants.setPublished(admin, id, published);
    flash(request, {
      kind: 'success',
      key: published ? 'my_data.list_published' : 'my_data.list_unpublished',
    });
    return redirect(reply, `/admin/consultations/${id}`);
  }
}
