import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { PageResponseOf } from '../common/api-responses';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { SubmissionQueryDto } from './dto/inputs.dto';
import { InputCall } from './input-call.entity';
import { InputsQueries } from './inputs.queries';
import {
  InputCallListResponse,
  InputCallResponse,
  SubmissionResponse,
  SubmissionSummaryResponse,
} from './inputs.responses';
import { callView, submissionView, summaryView } from './inputs.views';
import { Submission } from './submission.entity';

/** The API's answers: what InputsQueries reads, through the mappers of inputs.views.ts. */
@Injectable()
export class InputsApiViews {
  constructor(
    private readonly queries: InputsQueries,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  call(call: InputCall): InputCallResponse {
    return callView(call, this.clock.now());
  }

  async calls(
    viewer: SignedInUser | undefined,
    consultationId: string,
  ): Promise<InputCallListResponse> {
    const { calls } = await this.queries.callsOf(viewer, consultationId);
    return { items: calls.map((call) => this.call(call)) };
  }

  /** The submission just changed, as its organisation (or the deciding reviewer) sees it. */
  submission(viewer: SignedInUser, submission: Submission): Promise<SubmissionResponse> {
    return this.read(viewer, submission.id);
  }

  async read(viewer: SignedInUser | undefined, id: string): Promise<SubmissionResponse> {
    const detail = await this.queries.detail(viewer, id);
    return submissionView(detail, detail.own || isStaff(viewer), (path) => this.links.to(path));
  }

  async search(
    viewer: SignedInUser | undefined,
    query: SubmissionQueryDto,
  ): Promise<PageResponseOf<SubmissionSummaryResponse>> {
    const page = await this.queries.search(viewer, query);
    return { ...page, items: page.items.map((row) => summaryView(row, (p) => this.links.to(p))) };
  }
}
