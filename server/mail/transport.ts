import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Config } from '../config.js';
import type { OutboxRecord } from '../store/types.js';

/** Where a message goes: an SMTP server, or (none configured) an .eml file in the outbox folder. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  deliver(message: OutboxRecord): Promise<{ reference: string }>;
  close(): void;
}

function envelope(config: Pick<Config, 'mailFrom'>, m: OutboxRecord) {
  return {
    from: config.mailFrom,
    to: m.recipient,
    subject: m.subject,
    html: m.html,
    text: m.text,
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    headers: { 'X-RemoteAssist-Outbox-Id': String(m.id) },
  };
}

export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): MailTransport {
  if (config.smtpUrl) {
    // Bounded, so that a delivery ends well within the outbox's claim on the message (5 min).
    const smtp = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
    return {
      kind: 'smtp',
      deliver: async (m) => ({ reference: (await smtp.sendMail(envelope(config, m))).messageId }),
      close: () => smtp.close(),
    };
  }
  const folder = join(config.dataDir, 'outbox');
  return {
    kind: 'file',
    deliver: async (m) => {
      const raw = await new MailComposer(envelope(config, m)).compile().build();
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, `${String(m.id).padStart(6, '0')}-${m.kind}.eml`);
      writeFileSync(file, raw, { mode: 0o600 });
      return { reference: file };
    },
    close: () => undefined,
  };
}
