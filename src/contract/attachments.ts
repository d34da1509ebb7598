// Files that came with a message (email attachments and inline images), as staff see them
// listed on the message. The content is downloaded separately, by staff of the library only.
import { z } from 'zod';

export const attachmentView = z.object({
  id: z.string().uuid(),
  filename: z.string().describe('File name as the sender gave it (decoded), or a made-up one when none was given'),
  contentType: z.string().describe('MIME type as the sender declared it; the download is always served as an attachment'),
  size: z.number().int().describe('Size in bytes'),
  inline: z.boolean().describe('An image shown inside the HTML of the mail (cid:) rather than attached'),
});
export type AttachmentView = z.infer<typeof attachmentView>;
