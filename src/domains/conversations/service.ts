// Rules for conversations: appending messages with sequence numbers, status and assignment
// changes recorded as system events in the timeline, and events published after commit.
import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { RouteDeps } from '../../platform/http/app.js';
import type { DB } from '../../platform/db/types.js';
import type { ConversationStatus, MessageKind } from '../../contract/kinds.js';
import type { WebSocket } from 'ws';
import type { StaffContext } from '../../platform/auth/sessions.js';
import { keysetPage } from '../../platform/pagination.js';
import { findStaffMember } from '../accounts/service.js';
import { writeAudit } from '../audit/service.js';
import { checkResolvable } from '../tags/service.js';
import { routeConversation } from '../queues/service.js';
import { presentConversation, presentDelivery, presentMessage, presentMessageForCustomer, type MessageRowWithAuthor } from './presenter.js';
import type { AttachmentView } from '../../contract/attachments.js';
import type { ConversationView, CustomerMessageView, DeliveryView, MessageView } from '../../contract/conversations.js';
import type { ChannelKind } from '../../contract/kinds.js';
import { replayMessages } from './replay.js';
import { attachmentsByMessage, presentWithAttachments } from './attachment-service.js';
import * as store from './store.js';

export interface ConversationDeps {
  db: Kysely<DB>;
  bus: EventBus;
  /** Runs the hot append statement prepared, when the database offers it. */
  prepared?: store.PreparedRunner | undefined;
  /**
   * Hands a committed staff reply to its channel (channels/deliveries/outbound.ts). Without
   * it (paths that store no staff replies) a reply's delivery simply stays queued.
   */
  outbound?: ReplyDispatcher | undefined;
}

/** What the conversation routes (and other domains' routes that post messages) are given. */
export type ConversationRouteDeps = RouteDeps & { outbound: ReplyDispatcher };

/** What the conversations service needs, built one way for every route module. */
export function conversationDepsOf(deps: ConversationRouteDeps): ConversationDeps {
  return { db: deps.database.db, bus: deps.bus, prepared: deps.database.prepared, outbound: deps.outbound };
}

// The presenters other domains use on what they hold: a delivery row (channels), and the
// customer's view of a message (what the chat socket may show).
export { presentDelivery, presentMessageForCustomer };

/** A staff reply on its way out, handed to the adapter of the conversation's channel. */
export interface OutboundDelivery {
  libraryId: string;
  conversationId: string;
  channel: ChannelKind;
  message: MessageView;
}

/** The way out for staff replies, whatever the channel: the service never looks at it. */
export interface ReplyDispatcher {
  dispatch(reply: OutboundDelivery, current: DeliveryView): Promise<DeliveryView>;
}

export async function getConversation(db: Kysely<DB>, libraryId: string, id: string): Promise<ConversationView> {
  const row = await store.findConversation(db, libraryId, id);
  if (!row) throw new AppError('not_found', { what: 'conversation' });
  return presentConversation(row);
}

async function publishConversation(deps: ConversationDeps, libraryId: string, id: string): Promise<ConversationView> {
  const conversation = await getConversation(deps.db, libraryId, id);
  deps.bus.publish({ type: 'conversation.changed', libraryId, conversationId: id, conversation });
  return conversation;
}

export interface PostMessage {
  libraryId: string;
  conversationId: string;
  kind: Exclude<MessageKind, 'event'>;
  body: string;
  author: { id: string; displayName: string } | null;
  /** Sender's id for the message: posting it again returns the stored one instead of a copy. */
  clientMessageId?: string | null;
  /** For a customer's message: the customer, who must own the conversation (else not_found). */
  customerId?: string | null;
}

export interface PostedMessage {
  message: MessageView;
  /** True when the client id was seen before and nothing new was stored. */
  duplicate: boolean;
}

/** Stores a message (durably, before returning) and then announces it. */
export async function postMessage(deps: ConversationDeps, input: PostMessage): Promise<PostedMessage> {
  const clientMessageId = input.clientMessageId ?? null;
  const appended = await store.appendMessage(
    deps.db,
    {
      libraryId: input.libraryId,
      conversationId: input.conversationId,
      kind: input.kind,
      body: input.body,
      authorId: input.author?.id ?? null,
      event: null,
      clientMessageId,
      customerId: input.customerId ?? null,
    },
    deps.prepared,
  );
  if (!appended) {
    if (clientMessageId) {
      const existing = await store.findByClientId(
        deps.db,
        input.libraryId,
        input.conversationId,
        clientMessageId,
        input.customerId ?? null,
      );
      if (existing) return { message: presentMessage(existing), duplicate: true };
    }
    await refuseIfMerged(deps.db, input.libraryId, input.conversationId);
    throw new AppError('not_found', { what: 'conversation' });
  }
  const message: MessageView = {
    id: appended.id,
    conversationId: input.conversationId,
    seq: appended.seq,
    kind: input.kind,
    body: input.body,
    author: input.author,
    event: null,
    clientId: clientMessageId,
    createdAt: appended.createdAt.toISOString(),
    delivery: appended.delivery ? presentDelivery(appended.delivery) : null,
    attachments: [],
  };
  deps.bus.publish({ type: 'message.created', libraryId: input.libraryId, conversationId: input.conversationId, message });
  if (appended.status !== appended.previousStatus) {
    await publishConversation(deps, input.libraryId, input.conversationId);
  }
  // After commit and publish: the reply is stored whatever the channel makes of it, and
  // the answer says how far it got (delivered, queued, or failed with a code).
  if (message.delivery && deps.outbound) {
    const reply = { libraryId: input.libraryId, conversationId: input.conversationId, channel: appended.channel, message };
    return { message: { ...message, delivery: await deps.outbound.dispatch(reply, message.delivery) }, duplicate: false };
  }
  return { message, duplicate: false };
}

type Change = { type: 'status_changed'; status: ConversationStatus } | { type: 'assigned'; assigneeId: string | null; force: boolean };

/** Who may take a colleague's conversation and give it to someone else (or to nobody). */
const mayReassign = (staff: StaffContext): boolean => staff.role === 'supervisor' || staff.role === 'admin';

/** Applies a status or assignment change and records it as an event message, atomically. */
async function applyChange(deps: ConversationDeps, staff: StaffContext, id: string, change: Change): Promise<ConversationView> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await store.lockConversation(trx, staff.libraryId, id);
    if (!current) throw new AppError('not_found', { what: 'conversation' });
    if (current.merged_into_id) throw mergedError(current.merged_into_id);
    let event: Record<string, unknown>;
    if (change.type === 'status_changed') {
      if (current.status === change.status) return null;
      // The library may resolve only with a topic tag (409 conflict, reason tag_required).
      if (change.status === 'resolved') await checkResolvable(trx, staff.libraryId, id);
      await store.setConversationFields(trx, staff.libraryId, id, { status: change.status });
      event = { type: 'status_changed', from: current.status, to: change.status };
    } else {
      if (current.assignee_id === change.assigneeId) return null;
      if (current.assignee_id !== null && current.assignee_id !== staff.accountId) {
        // A colleague holds it. Taking it over for yourself is anyone's call; giving it to a
        // third person or back to the queue is a supervisor's. Either way it is confirmed.
        if (change.assigneeId !== staff.accountId && !mayReassign(staff)) throw new AppError('forbidden', { reason: 'reassign' });
        if (!change.force) {
          const holder = await findStaffMember(trx, staff.libraryId, current.assignee_id);
          throw new AppError('already_claimed', { name: holder?.displayName ?? '', assigneeId: current.assignee_id });
        }
      }
      let assigneeName: string | null = null;
      if (change.assigneeId) {
        const assignee = await findStaffMember(trx, staff.libraryId, change.assigneeId);
        if (!assignee || !assignee.active) throw new AppError('not_found', { what: 'account' });
        assigneeName = assignee.displayName;
      }
      await store.setConversationFields(trx, staff.libraryId, id, { assigneeId: change.assigneeId });
      event = { type: 'assigned', assigneeId: change.assigneeId, assigneeName };
    }
    const appended = await store.appendMessage(trx, {
      libraryId: staff.libraryId,
      conversationId: id,
      kind: 'event',
      body: '',
      authorId: staff.accountId,
      event,
      clientMessageId: null,
    });
    if (!appended) throw new AppError('not_found', { what: 'conversation' });
    const message: MessageView = {
      id: appended.id,
      conversationId: id,
      seq: appended.seq,
      kind: 'event',
      body: '',
      author: { id: staff.accountId, displayName: staff.displayName },
      event,
      clientId: null,
      createdAt: appended.createdAt.toISOString(),
      delivery: null,
      attachments: [],
    };
    return message;
  });
  if (result) deps.bus.publish({ type: 'message.created', libraryId: staff.libraryId, conversationId: id, message: result });
  return result ? publishConversation(deps, staff.libraryId, id) : getConversation(deps.db, staff.libraryId, id);
}

export function changeStatus(deps: ConversationDeps, staff: StaffContext, id: string, status: ConversationStatus) {
  return applyChange(deps, staff, id, { type: 'status_changed', status });
}

/**
 * Gives the conversation to a colleague (or to nobody). A conversation that is nobody's or the
 * caller's own goes to anyone; one a colleague holds needs `force` (else 409 already_claimed),
 * and goes to someone other than the caller only when a supervisor or an admin gives it (else
 * 403 forbidden). Assigning it to yourself is a claim.
 */
export function assign(deps: ConversationDeps, staff: StaffContext, id: string, assigneeId: string | null, force: boolean) {
  return applyChange(deps, staff, id, { type: 'assigned', assigneeId, force });
}

/** Takes the conversation for the caller; one a colleague holds needs `force` (else 409 already_claimed). */
export function claim(deps: ConversationDeps, staff: StaffContext, id: string, force: boolean) {
  return applyChange(deps, staff, id, { type: 'assigned', assigneeId: staff.accountId, force });
}

/**
 * The customer ended the chat in the widget: recorded once, as a `customer_left` event in
 * the timeline and on the conversation (staff see it live; the status stays as it is — a
 * customer leaving does not settle their question). Asking again changes nothing. A
 * conversation that is not the customer's, in their library, is not_found.
 */
export async function customerLeft(
  deps: ConversationDeps,
  input: { libraryId: string; customerId: string; conversationId: string },
): Promise<void> {
  const { libraryId, conversationId } = input;
  const message = await deps.db.transaction().execute(async (trx) => {
    const marked = await store.markCustomerLeft(trx, libraryId, input.customerId, conversationId);
    if (!marked.found) throw new AppError('not_found', { what: 'conversation' });
    if (marked.alreadyLeft) return null;
    const event = { type: 'customer_left' };
    const appended = await store.appendMessage(trx, {
      libraryId,
      conversationId,
      kind: 'event',
      body: '',
      authorId: null,
      event,
      clientMessageId: null,
    });
    if (!appended) throw new AppError('not_found', { what: 'conversation' });
    const view: MessageView = {
      id: appended.id,
      conversationId,
      seq: appended.seq,
      kind: 'event',
      body: '',
      author: null,
      event,
      clientId: null,
      createdAt: appended.createdAt.toISOString(),
      delivery: null,
      attachments: [],
    };
    return view;
  });
  if (!message) return;
  deps.bus.publish({ type: 'message.created', libraryId, conversationId, message });
  await publishConversation(deps, libraryId, conversationId);
}

/** A merged conversation is read-only: 409 conflict naming where it went. */
function mergedError(mergedIntoId: string): AppError {
  return new AppError('conflict', { reason: 'merged', mergedIntoId });
}

async function refuseIfMerged(db: Kysely<DB>, libraryId: string, id: string): Promise<void> {
  const row = await store.findConversation(db, libraryId, id);
  if (row?.merged_into_id) throw mergedError(row.merged_into_id);
}

/**
 * Merges the source conversation into the target, of the same customer: the source's messages
 * (customer, staff, notes) are copied in order as one block at the end of the target's
 * timeline after a `merged_in` event, so seqs stay append-only for clients resuming from one;
 * the source gets a `merged_into` event, is resolved and becomes read-only. Refused with 409
 * conflict for the same conversation (`merge_same`), another customer's (`merge_other_customer`)
 * or one already merged (`already_merged`); another library's id is not_found. Audited.
 */
export async function mergeConversations(
  deps: ConversationDeps,
  staff: StaffContext,
  sourceId: string,
  targetId: string,
): Promise<ConversationView> {
  const { libraryId } = staff;
  const author = { id: staff.accountId, displayName: staff.displayName };
  const done = await deps.db.transaction().execute(async (trx) => {
    const rows = await store.lockForMerge(trx, libraryId, [sourceId, targetId]);
    const source = rows.find((row) => row.id === sourceId);
    const target = rows.find((row) => row.id === targetId);
    // Another library's id is not found, whatever else is wrong (never confirm it exists).
    if (!source || !target) throw new AppError('not_found', { what: 'conversation' });
    if (sourceId === targetId) throw new AppError('conflict', { reason: 'merge_same' });
    if (source.customer_id !== target.customer_id) throw new AppError('conflict', { reason: 'merge_other_customer' });
    if (source.merged_into_id || target.merged_into_id) throw new AppError('conflict', { reason: 'already_merged' });
    const count = await store.countMergedMessages(trx, libraryId, sourceId);
    const intoEvent = { type: 'merged_in', fromId: sourceId, count };
    const opened = await store.appendMessage(trx, {
      libraryId,
      conversationId: targetId,
      kind: 'event',
      body: '',
      authorId: staff.accountId,
      event: intoEvent,
      clientMessageId: null,
    });
    if (!opened) throw new AppError('not_found', { what: 'conversation' });
    await store.copyMessages(trx, libraryId, sourceId, targetId, opened.seq);
    const closedEvent = { type: 'merged_into', intoId: targetId };
    const closed = await store.appendMessage(trx, {
      libraryId,
      conversationId: sourceId,
      kind: 'event',
      body: '',
      authorId: staff.accountId,
      event: closedEvent,
      clientMessageId: null,
    });
    if (!closed) throw new AppError('not_found', { what: 'conversation' });
    await store.setConversationFields(trx, libraryId, sourceId, { status: 'resolved', mergedIntoId: targetId });
    await writeAudit(trx, {
      libraryId,
      actorId: staff.accountId,
      action: 'conversation.merged',
      targetType: 'conversation',
      targetId: sourceId,
      details: { intoId: targetId, messages: count },
    });
    const eventView = (id: string, conversationId: string, seq: number, createdAt: Date, event: Record<string, unknown>): MessageView => ({
      id,
      conversationId,
      seq,
      kind: 'event',
      body: '',
      author,
      event,
      clientId: null,
      createdAt: createdAt.toISOString(),
      delivery: null,
      attachments: [],
    });
    return {
      firstSeq: opened.seq,
      sourceEvent: eventView(closed.id, sourceId, closed.seq, closed.createdAt, closedEvent),
    };
  });
  // After commit: the target's new block (its event and the copies), the source's event, and both conversations.
  const added = await store.listMessages(deps.db, libraryId, targetId, { after: done.firstSeq - 1, limit: 100_000, includeNotes: true });
  for (const row of added) {
    deps.bus.publish({ type: 'message.created', libraryId, conversationId: targetId, message: presentMessage(row) });
  }
  deps.bus.publish({ type: 'message.created', libraryId, conversationId: sourceId, message: done.sourceEvent });
  await publishConversation(deps, libraryId, sourceId);
  return publishConversation(deps, libraryId, targetId);
}

/**
 * Opens a new conversation in the queue its channel, language and entry point route it to
 * (queues domain: rules, else the default queue, with the due times of the queue's targets),
 * and announces it.
 */
export async function openConversation(
  deps: ConversationDeps,
  input: Omit<Parameters<typeof store.insertConversation>[1], 'routing'>,
): Promise<string> {
  const routing = await routeConversation(deps.db, {
    libraryId: input.libraryId,
    channel: input.channel,
    language: input.language,
    entryPoint: input.entryPoint ?? null,
    start: new Date(),
  });
  const id = await store.insertConversation(deps.db, { ...input, routing });
  await publishConversation(deps, input.libraryId, id);
  return id;
}

/** A page of the inbox (or of one customer's conversations), latest activity first. */
export async function listConversationPage(
  db: Kysely<DB>,
  libraryId: string,
  filters: store.ConversationFilters,
): Promise<{ items: ConversationView[]; nextCursor: string | null }> {
  const rows = await store.listConversations(db, libraryId, filters);
  const page = keysetPage(rows, filters.limit, (row) => row.sort_key);
  return { items: page.rows.map(presentConversation), nextCursor: page.nextCursor };
}

/** The customer's latest conversation in the channel, if any (a start being retried continues it). */
export async function latestConversationId(
  db: Kysely<DB>,
  libraryId: string,
  customerId: string,
  channel: ChannelKind,
): Promise<string | undefined> {
  const [latest] = await store.listConversations(db, libraryId, { customerId, channel, limit: 1 });
  return latest?.id;
}

/** Messages of a conversation for staff (notes and events included), one page in ascending seq. */
export async function listConversationMessages(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  page: { after?: number | undefined; before?: number | undefined; limit: number },
): Promise<MessageView[]> {
  await getConversation(db, libraryId, id);
  const rows = await store.listMessages(db, libraryId, id, {
    ...(page.after !== undefined ? { after: page.after } : {}),
    ...(page.before !== undefined ? { before: page.before } : {}),
    limit: page.limit,
    includeNotes: true,
  });
  return presentWithAttachments(db, libraryId, rows);
}

/** The customer's web chat: the one named, else their latest; undefined when they have none. */
export async function findCustomerChat(
  db: Kysely<DB>,
  libraryId: string,
  customerId: string,
  conversationId?: string,
): Promise<{ id: string; status: ConversationStatus; lastSeq: number } | undefined> {
  const row = await store.findCustomerChat(db, libraryId, customerId, conversationId);
  return row && { id: row.id, status: row.status, lastSeq: row.last_seq };
}

/** Erases every conversation of the customer (their messages and deliveries go with them); returns how many. */
export function deleteCustomerConversations(db: Kysely<DB>, libraryId: string, customerId: string): Promise<number> {
  return store.deleteCustomerConversations(db, libraryId, customerId);
}

/**
 * Everything after `after`, notes included, page by page, pacing itself to the socket (see
 * replay.ts): what a reconnecting staff app missed.
 */
export async function* replayForStaff(
  db: Kysely<DB>,
  socket: WebSocket,
  scope: { libraryId: string; conversationId: string; after: number },
): AsyncGenerator<MessageView> {
  let files = new Map<string, AttachmentView[]>();
  const loadFiles = async (rows: MessageRowWithAuthor[]) => {
    files = await attachmentsByMessage(db, scope.libraryId, rows);
  };
  for await (const row of replayMessages(db, socket, { ...scope, includeNotes: true }, loadFiles)) {
    yield presentMessage(row, files.get(row.id) ?? []);
  }
}

/**
 * Everything after `after` that the customer may see, page by page, pacing itself to the
 * socket (see replay.ts): what a reconnecting widget missed.
 */
export async function* replayForCustomer(
  db: Kysely<DB>,
  socket: WebSocket,
  scope: { libraryId: string; conversationId: string; after: number },
): AsyncGenerator<CustomerMessageView> {
  for await (const row of replayMessages(db, socket, { ...scope, includeNotes: false })) {
    const view = presentMessageForCustomer(presentMessage(row));
    if (view) yield view;
  }
}
