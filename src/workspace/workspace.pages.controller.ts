import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Staff } from '../common/access.decorators';
import { runAction } from '../common/forms';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { MailRenderer } from '../mail/mail.renderer';
import { BulkDecisions } from './bulk-decisions';
import { ConsultationMessages } from './consultation-messages';
import { BulkDecisionDto, ConsultationMessageDto } from './dto/workspace.dto';
import { bulkDecisionFromForm, messageFromForm, participantsBack } from './workspace.form';
import { WorkspaceQueries } from './workspace.queries';
import { messagesPageView, messagePreview } from './workspace.views';

/** Form field names for the API's nested message fields, for the error summary. */
const MESSAGE_FIELDS: Record<string, string> = {
  'audience.statuses': 'statuses',
  'audience.organisationId': 'organisationId',
  'translations.fr.subject': 'subject_fr',
  'translations.fr.body': 'body_fr',
  'translations.es.subject': 'subject_es',
  'translations.es.body': 'body_es',
};

@ApiExcludeController()
@Controller()
export class WorkspacePagesController {
  constructor(
    private readonly bulk: BulkDecisions,
    private readonly messages: ConsultationMessages,
    private readonly queries: WorkspaceQueries,
    private readonly renderer: MailRenderer,
  ) {}

  /** The participant list's bulk bar: each ticked registration decided as one decision would be. */
  @Staff()
  @Post('staff/consultations/:id/registrations/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const back = participantsBack(id, body);
    return runAction(request, reply, back, async () => {
      const { value, errors } = await validateForm(BulkDecisionDto, bulkDecisionFromForm(body));
      if (errors) {
        flash(request, { kind: 'error', key: Object.values(errors)[0][0] });
        return redirect(reply, back);
      }
      const items = await this.bulk.decide(user, id, value.ids, value.decision, value.reason);
      const decided = items.filter((i) => i.code === null).length;
      flash(request, {
        kind: decided === items.length ? 'success' : 'error',
        key: `staff.participants.bulk_done_${value.decision}`,
        params: { decided, refused: items.length - decided },
      });
      return redirect(reply, back);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/messages')
  async messagesPage(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const data = await this.queries.messagesPage(user, id);
    return renderPage(
      request,
      reply,
      'workspace/messages',
      messagesPageView(data, request.locale ?? 'en'),
    );
  }

  /**
   * Two steps: "preview" shows the message as its first recipient reads it and how many will get
   * it; "send" (from the preview) sends it, then back to the page (Post/Redirect/Get).
   */
  @Staff()
  @Post('staff/consultations/:id/messages')
  async send(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locale = request.locale ?? 'en';
    const data = await this.queries.messagesPage(user, id);
    const show = (
      extra: Record<string, unknown>,
      errors: Record<string, FieldError[]> = {},
      status = 200,
    ) =>
      renderPage(
        request,
        reply,
        'workspace/messages',
        { ...messagesPageView(data, locale, body), ...extra, form: { values: body, errors } },
        status,
      );
    const { _csrf, step, ...fields } = body;
    void _csrf;
    const { value, errors } = await validateForm(ConsultationMessageDto, messageFromForm(fields));
    if (errors) {
      const named = Object.fromEntries(
        Object.entries(errors).map(([field, keys]) => [MESSAGE_FIELDS[field] ?? field, keys]),
      );
      return show({}, named, 400);
    }
    if (step !== 'send') {
      const recipients = await this.messages.preview(user, id, value.audience);
      return show({
        preview: messagePreview(recipients, value, (recipientLocale, text) =>
          this.renderer.render(
            'consultation-message',
            recipientLocale,
            this.messages.payload(data.consultation, recipientLocale, text),
          ),
        ),
      });
    }
    const sent = await this.messages.send(user, id, value);
    flash(request, {
      kind: 'success',
      key: 'staff.messages.sent',
      params: { count: sent.recipientCount },
    });
    return redirect(reply, `/staff/consultations/${id}/messages`);
  }
}
