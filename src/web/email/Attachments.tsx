// The files that came with a message, as download links (the server always sends them as
// attachments: nothing a sender attached is opened in the app). Inline images of an HTML
// mail are listed too, marked as such: the app does not show them inside the text.
import { File, FileArchive, FileAudio, FileImage, FileSpreadsheet, FileText, FileVideo, type LucideIcon } from 'lucide-react';
import type { AttachmentView } from '../../contract/attachments.js';
import { useI18n } from '../i18n.js';
import { attachmentKind, attachmentSize, type AttachmentKind } from './attachment-text.js';

const ICONS: Record<AttachmentKind, LucideIcon> = {
  image: FileImage,
  audio: FileAudio,
  video: FileVideo,
  document: FileText,
  spreadsheet: FileSpreadsheet,
  archive: FileArchive,
  other: File,
};

export const attachmentHref = (conversationId: string, attachmentId: string) =>
  `/api/v1/conversations/${conversationId}/attachments/${attachmentId}`;

interface Props {
  conversationId: string;
  attachments: AttachmentView[];
}

export function Attachments({ conversationId, attachments }: Props) {
  const { t, language } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <ul className="mail-attachments" aria-label={t('emailView.attachments', { count: attachments.length })}>
      {attachments.map((file) => {
        const Icon = ICONS[attachmentKind(file.contentType)];
        return (
          <li key={file.id}>
            <a href={attachmentHref(conversationId, file.id)} download={file.filename}>
              <Icon aria-hidden="true" focusable="false" size={18} />
              <bdi className="mail-attachment-name">{file.filename}</bdi>
              <span className="meta">
                {attachmentSize(file.size, language, t)}
                {file.inline && <> · {t('emailView.inlineImage')}</>}
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
