// The page a web chat was started on, as the widget reported it: a link for staff to open
// (in a new tab, telling the page nothing about Kanava), its title as text. The address was
// checked on the server (http or https); checked again here, so nothing else becomes a link.
import { ExternalLink } from 'lucide-react';
import type { Conversation } from './api.js';
import { useI18n } from './i18n.js';

const isWebAddress = (url: string) => /^https?:\/\//i.test(url);

export function PageLink({ page }: { page: Conversation['page'] }) {
  const { tx } = useI18n();
  if (!page || !isWebAddress(page.url)) return null;
  const link = (
    <a href={page.url} target="_blank" rel="noopener noreferrer" className="page-link">
      <bdi>{page.title || page.url}</bdi> <ExternalLink aria-hidden="true" size={14} />
    </a>
  );
  return <p className="meta page-context">{tx('conversation.page', { page: link })}</p>;
}
