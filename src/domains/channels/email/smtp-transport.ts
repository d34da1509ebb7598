// One SMTP client set-up for sending and for "test connection", so both talk to a library's
// mail server the same way (the test must not pass where sending would fail).
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ServerSettings } from './mailbox-settings.js';

export function createSmtpTransport(smtp: ServerSettings, timeoutMs: number): Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.secret ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    // Its log lines would carry addresses and, at debug level, the password.
    logger: false,
    debug: false,
  });
}
