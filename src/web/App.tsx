// The staff app shell: sign-in gate, a compact header (navigation, connection, presence,
// language, user menu), the live connection, and hash routes (#/ inbox, #/c/<id> conversation,
// and the screens listed in navigation.tsx).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nProvider } from 'react-aria-components';
import { BellRing, Globe, Keyboard, LibraryBig, LogOut, Menu as MenuIcon, Settings2, UserRound, Wifi, WifiOff, X } from 'lucide-react';
import { api, setApiLanguage, type Conversation, type Me } from './api.js';
import { ConversationView } from './ConversationView.js';
import { errorText } from './errors.js';
import { failureReason } from './delivery.js';
import { customerName, Inbox } from './Inbox.js';
import { I18nContext, initialLanguage, makeI18n, rememberLanguage, translate, useI18n } from './i18n.js';
import { languages, type Language } from '../contract/languages.js';
import { connectLive, type LiveConnection, type LiveEvent } from './realtime.js';
import { SignIn } from './SignIn.js';
import { applyMessageToInbox, filtersToQuery, matchesFilters, messagePreview, upsertConversation, type InboxFilters } from './timeline.js';
import { useConversation } from './useConversation.js';
import { activity } from './activity.js';
import { myQueueIds } from './queues/use-queues.js';
import { navigation, screenOf, visibleTo } from './navigation.js';
import { useAlerts } from './alerts.js';
import { useShortcutListener, useShortcuts, type Shortcut } from './shortcuts.js';
import { NotificationSettings, ShortcutsHelp } from './ShellDialogs.js';
import { Button, MenuButton, Select, ToastProvider, type MenuAction } from './ui/index.js';

function useHashRoute(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash.replace(/^#/, '') || '/';
}

/** Moves focus to the next (1) or previous (-1) conversation in the inbox list. */
function moveInList(step: 1 | -1) {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.conversation-list a')];
  if (links.length === 0) return;
  const at = links.findIndex((a) => a === document.activeElement);
  const from = at >= 0 ? at : links.findIndex((a) => a.getAttribute('aria-current') === 'page');
  const next = links[Math.min(links.length - 1, Math.max(0, from < 0 ? 0 : from + step))];
  next?.focus();
}

export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  // The server ended the session (signed out elsewhere, password changed, deactivated).
  const [sessionEnded, setSessionEnded] = useState(false);
  const i18n = useMemo(() => makeI18n(language, timeZone), [language, timeZone]);
  const { t } = i18n;

  useEffect(() => {
    rememberLanguage(language);
    setApiLanguage(language);
  }, [language]);

  useEffect(() => {
    // Signed in, the workspace sets the title (with the count of unseen alerts).
    if (!me) document.title = translate(language, 'app.title');
  }, [language, me]);

  useEffect(() => {
    // Not signed in (401) or the server unreachable: both show the sign-in form.
    api.me().then(setMe, () => setMe(null));
  }, []);

  useEffect(() => {
    // Times are shown in the library's zone; until it is known (or if it cannot be read), the default.
    if (me)
      api.library().then(
        (library) => setTimeZone(library.settings.timeZone),
        () => undefined,
      );
  }, [me]);

  const languagePicker = (compact: boolean) => (
    <Select
      className="language"
      label={t('language.label')}
      hideLabel={compact}
      icon={<Globe aria-hidden="true" size={18} />}
      value={language}
      onChange={setLanguage}
      options={languages.map((l) => ({ id: l, label: translate(l, `lang.${l}`), lang: l }))}
    />
  );

  return (
    <I18nContext.Provider value={i18n}>
      {/* React Aria's own strings (and its date and number formats) in the app's language. */}
      <I18nProvider locale={language}>
        <ToastProvider>
          {/* Routes live in the hash, so following "#main" would leave the page: move focus instead. */}
          <a
            className="skip"
            href="#main"
            onClick={(e) => {
              e.preventDefault();
              document.getElementById('main')?.focus();
            }}
          >
            {t('app.skip')}
          </a>
          {me === undefined ? (
            <p role="status">{t('common.loading')}</p>
          ) : me === null ? (
            <>
              <header className="top">
                <div className="brand">
                  <LibraryBig aria-hidden="true" size={22} />
                  <span>Kanava</span>
                </div>
                <div className="header-tools">{languagePicker(false)}</div>
              </header>
              <SignIn
                notice={sessionEnded ? t('signIn.sessionEnded') : ''}
                onSignedIn={(signedIn) => {
                  setSessionEnded(false);
                  setMe(signedIn);
                  location.hash = '#/';
                }}
              />
            </>
          ) : (
            <Workspace
              me={me}
              languagePicker={languagePicker(true)}
              onSignOut={(ended) => {
                setSessionEnded(ended);
                setMe(null);
              }}
            />
          )}
        </ToastProvider>
      </I18nProvider>
    </I18nContext.Provider>
  );
}

interface WorkspaceProps {
  me: Me;
  languagePicker: React.ReactNode;
  /** `ended`: the server closed the session, not the person. */
  onSignOut: (ended: boolean) => void;
}

function Workspace({ me, languagePicker, onSignOut }: WorkspaceProps) {
  const route = useHashRoute();
  const [filters, setFilters] = useState<InboxFilters>({ status: 'open', assignee: '', channel: '', language: '' });
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [inboxError, setInboxError] = useState<unknown>(null);
  // null until the first connection: "connecting", not "connection lost", at the start.
  const [connected, setConnected] = useState<boolean | null>(null);
  const [away, setAway] = useState(false);
  const awayRef = useRef(away);
  awayRef.current = away;
  // The server's (already translated) word on a frame it refused, until replaced or hidden.
  const [liveNotice, setLiveNotice] = useState('');
  const live = useRef<LiveConnection | null>(null);
  const selectedId = route.startsWith('/c/') ? route.slice(3) : null;
  const open = useConversation(selectedId);
  const { current, setCurrent, messages, addMessages, updateDelivery } = open;
  const state = useRef({ filters, selectedId, messages, conversations, shownId: current?.id });
  state.current = { filters, selectedId, messages, conversations, shownId: current?.id };

  const { t, language } = useI18n();
  const [announcement, setAnnouncement] = useState('');
  const tRef = useRef(t);
  tRef.current = t;
  const onSignOutRef = useRef(onSignOut);
  onSignOutRef.current = onSignOut;
  const [helpOpen, setHelpOpen] = useState(false);
  const [notificationsOpen, setNotificationsOpen] = useState(false);
  const screen = screenOf(route, me.account.role);
  const alerts = useAlerts({
    myId: me.account.id,
    onInbox: screen.id === 'inbox',
    t,
    announce: setAnnouncement,
    conversationOf: (id) => state.current.conversations.find((c) => c.id === id),
    open: (id) => {
      location.hash = `#/c/${id}`;
    },
  });
  const alertsOnEvent = alerts.onEvent;

  useEffect(() => {
    const title = t('app.title');
    document.title = alerts.unseenCount > 0 ? t('shell.alerts.documentTitle', { count: alerts.unseenCount, title }) : title;
  }, [alerts.unseenCount, t]);

  useShortcutListener();
  const shortcuts: Shortcut[] = [
    ...navigation.filter(visibleTo(me.account.role)).flatMap((item): Shortcut[] =>
      item.keys
        ? [
            {
              id: `go-${item.id}`,
              keys: item.keys,
              label: 'shell.shortcuts.goTo',
              labelValues: { screen: t(item.label) },
              group: 'navigation',
              run: () => {
                location.hash = `#${item.route}`;
                document.getElementById('main')?.focus();
              },
            },
          ]
        : [],
    ),
    {
      id: 'search',
      keys: ['/'],
      label: 'shell.shortcuts.search',
      group: 'general',
      // A screen with a search field marks it with data-shortcut="search".
      run: () => document.querySelector<HTMLElement>('[data-shortcut="search"]')?.focus(),
    },
    { id: 'next', keys: ['j'], label: 'shell.shortcuts.next', group: 'inbox', run: () => moveInList(1) },
    { id: 'previous', keys: ['k'], label: 'shell.shortcuts.previous', group: 'inbox', run: () => moveInList(-1) },
    { id: 'help', keys: ['?'], label: 'shell.shortcuts.help', group: 'general', run: () => setHelpOpen(true) },
  ];
  useShortcuts(shortcuts);

  const loadInbox = useCallback(async (from?: string | null) => {
    try {
      const page = await api.conversations(filtersToQuery(state.current.filters, from));
      setConversations((list) => (from ? [...list, ...page.items.filter((c) => !list.some((l) => l.id === c.id))] : page.items));
      setCursor(page.nextCursor);
      setInboxError(null);
    } catch (e) {
      setInboxError(e);
    }
  }, []);

  useEffect(() => void loadInbox(), [filters, loadInbox]);

  useEffect(() => {
    /** How announcements name the customer of a conversation in the list (or not in it). */
    const customerOf = (conversationId: string) => {
      const conversation = state.current.conversations.find((c) => c.id === conversationId);
      return conversation ? customerName(conversation, tRef.current) : tRef.current('customer.anonymous');
    };
    const onEvent = (event: LiveEvent) => {
      activity.handle(event, (frame) => live.current?.send(frame));
      const s = state.current;
      alertsOnEvent(event);
      if (event.type === 'ready') {
        // Every new socket starts as "online" on the server: say "away" again if it is so
        // (a language switch or a reconnect opens a new one).
        live.current?.send({ type: 'presence', status: awayRef.current ? 'away' : 'online' });
        // After a reconnect: refresh the list and replay the open conversation from its last seq.
        void loadInbox();
        // (Still loading: that load brings everything, nothing to replay.)
        if (s.selectedId && s.shownId === s.selectedId)
          live.current?.send({ type: 'subscribe', conversationId: s.selectedId, lastSeq: s.messages.at(-1)?.seq ?? 0 });
      } else if (event.type === 'message') {
        setConversations((list) => applyMessageToInbox(list, event.message));
        if (event.message.conversationId === s.selectedId) {
          addMessages([event.message]);
          // Only what is new to the screen: not a replay of what is shown, nor before the first load.
          const isNew = s.shownId === s.selectedId && event.message.seq > (s.messages.at(-1)?.seq ?? 0);
          if (event.message.kind === 'customer' && isNew) {
            // The timeline itself is not a live region (loading earlier pages would be read
            // out), so a new customer message is announced here, by its start as in the inbox.
            setAnnouncement(
              // Read out, not shown: the reading order is the text's own, no isolation needed.
              tRef.current('inbox.newMessage', {
                customer: customerOf(event.message.conversationId),
                body: messagePreview(event.message.body),
              }),
            );
          }
        }
      } else if (event.type === 'conversation') {
        const c = event.conversation;
        setConversations((list) =>
          matchesFilters(c, s.filters, me.account.id, myQueueIds(me.account.id))
            ? upsertConversation(list, c)
            : list.filter((l) => l.id !== c.id),
        );
        if (c.id === s.selectedId) setCurrent(c);
      } else if (event.type === 'delivery') {
        updateDelivery(event.conversationId, event.messageId, event.delivery);
        if (event.delivery.status === 'failed' && event.conversationId === s.selectedId) {
          // The timeline is not a live region: a failure in the open conversation is said aloud.
          const say = tRef.current;
          setAnnouncement(
            say('delivery.failedAnnouncement', { customer: customerOf(event.conversationId), reason: failureReason(event.delivery, say) }),
          );
        }
      } else if (event.type === 'error' && event.code !== 'unauthenticated') {
        // ('unauthenticated' is followed by close code 4401, which returns to sign-in.)
        setLiveNotice(event.message);
      }
    };
    live.current = connectLive(language, onEvent, setConnected, () => onSignOutRef.current(true));
    return () => live.current?.close();
    // A language switch reconnects, so that the server's messages follow it.
  }, [language, loadInbox, me.account.id, addMessages, setCurrent, updateDelivery, alertsOnEvent]);

  // A change on the open socket; each new socket gets it from its ready frame (above).
  useEffect(() => {
    live.current?.send({ type: 'presence', status: away ? 'away' : 'online' });
  }, [away]);

  async function signOut() {
    await api.logout().catch(() => undefined);
    live.current?.close();
    onSignOut(false);
  }

  const role = me.account.role;
  const items = navigation.filter(visibleTo(role));
  const mainItems = items.filter((item) => item.placement === 'main');
  const adminItems = items.filter((item) => item.placement === 'admin');
  const userItems = items.filter((item) => item.placement === 'user');
  const navAction = (item: (typeof items)[number]): MenuAction => ({
    id: item.id,
    label: t(item.label),
    icon: item.icon,
    href: `#${item.route}`,
    current: item === screen,
  });
  let content: React.ReactNode;
  if (screen.render) content = screen.render({ me });
  else {
    content = (
      <div className="workspace">
        <Inbox
          me={me}
          conversations={conversations}
          filters={filters}
          onFilters={setFilters}
          selectedId={selectedId}
          hasMore={cursor !== null}
          onLoadMore={() => void loadInbox(cursor)}
          error={inboxError ? errorText(inboxError, t) : ''}
        />
        {current ? (
          // Keyed by conversation: a draft, an error or a claim question never carries over to another one.
          <ConversationView
            key={current.id}
            me={me}
            conversation={current}
            messages={messages}
            hasEarlier={open.hasEarlier}
            onLoadEarlier={open.loadEarlier}
            onChanged={(c) => {
              setCurrent(c);
              setConversations((list) => upsertConversation(list, c));
            }}
            onSent={(m) => addMessages([m])}
          />
        ) : open.error ? (
          <p role="alert" className="error">
            {errorText(open.error, t)}
          </p>
        ) : (
          <p className="placeholder">{selectedId ? t('common.loading') : t('conversation.select')}</p>
        )}
      </div>
    );
  }

  return (
    <>
      <header className="top">
        <div className="brand">
          <LibraryBig aria-hidden="true" size={22} />
          <bdi>{me.library.name[language]}</bdi>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul className="nav-links">
            {mainItems.map((item) => (
              <li key={item.id}>
                <a href={`#${item.route}`} aria-current={item === screen ? 'page' : undefined}>
                  <item.icon aria-hidden="true" size={18} />
                  <span>{t(item.label)}</span>
                </a>
              </li>
            ))}
            {adminItems.length > 0 && (
              <li>
                <MenuButton
                  className={adminItems.includes(screen) ? 'current' : undefined}
                  label={t('shell.admin')}
                  icon={Settings2}
                  placement="bottom start"
                  items={adminItems.map(navAction)}
                />
              </li>
            )}
          </ul>
          {/* On a narrow screen the links above are hidden and this one menu holds them all. */}
          <MenuButton
            className="nav-menu"
            label={t('shell.menu')}
            icon={MenuIcon}
            placement="bottom start"
            items={[...mainItems, ...adminItems].map((item, i) => ({
              ...navAction(item),
              separatorBefore: i > 0 && i === mainItems.length,
            }))}
          />
        </nav>
        <div className="header-tools">
          <span className={connected === false ? 'live off' : 'live on'} title={connected ? t('live.connected') : undefined}>
            {connected === false ? <WifiOff aria-hidden="true" size={18} /> : <Wifi aria-hidden="true" size={18} />}
            <span role="status" className={connected ? 'visually-hidden' : 'live-text'}>
              {connected ? t('live.connected') : connected === null ? t('live.connecting') : t('live.reconnecting')}
            </span>
          </span>
          <Select
            className={`presence ${away ? 'away' : 'online'}`}
            label={t('presence.label')}
            hideLabel
            icon={<span className="presence-dot" aria-hidden="true" />}
            value={away ? 'away' : 'online'}
            onChange={(value) => setAway(value === 'away')}
            options={[
              { id: 'online', label: t('presence.online') },
              { id: 'away', label: t('presence.away') },
            ]}
          />
          {languagePicker}
          <MenuButton
            className="user-menu"
            label={<bdi>{me.account.displayName}</bdi>}
            aria-label={t('shell.userMenu')}
            icon={UserRound}
            items={[
              ...userItems.map(navAction),
              { id: 'notifications', label: t('shell.alerts.settingsTitle'), icon: BellRing },
              { id: 'shortcuts', label: t('shell.shortcuts.title'), icon: Keyboard },
              { id: 'sign-out', label: t('nav.signOut'), icon: LogOut, separatorBefore: true },
            ]}
            onAction={(id) => {
              if (id === 'sign-out') void signOut();
              else if (id === 'notifications') setNotificationsOpen(true);
              else if (id === 'shortcuts') setHelpOpen(true);
            }}
          />
        </div>
      </header>
      {/* Always present, so screen readers announce the text when it appears. */}
      <div className={liveNotice ? 'live-notice shown' : 'live-notice'}>
        <span role="status">{liveNotice && t('live.error', { message: liveNotice })}</span>
        {liveNotice && (
          // The button goes with the notice: focus moves to the content rather than being lost.
          <Button
            variant="quiet"
            icon={X}
            onPress={() => {
              setLiveNotice('');
              document.getElementById('main')?.focus();
            }}
          >
            {t('live.dismiss')}
          </Button>
        )}
      </div>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ShortcutsHelp isOpen={helpOpen} onOpenChange={setHelpOpen} />
      <NotificationSettings
        isOpen={notificationsOpen}
        onOpenChange={setNotificationsOpen}
        preferences={alerts.preferences}
        onChange={alerts.setPreferences}
      />
    </>
  );
}
