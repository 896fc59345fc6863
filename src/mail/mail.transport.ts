import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { mailConfig, projectRoot } from '../config';

/**
 * Sends through SMTP_URL; without it, writes each message as an .eml file so that nothing is lost
 * and a developer can open it.
 */
@Injectable()
export class MailTransport {
  private readonly transporter: Transporter;
  private readonly directory: string;

  constructor(@Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>) {
    this.directory = isAbsolute(config.dir) ? config.dir : join(projectRoot, config.dir);
    this.transporter = config.smtpUrl
      ? nodemailer.createTransport({
          url: config.smtpUrl,
          connectionTimeout: 10_000,
          socketTimeout: 30_000,
        } as SMTPTransport.Options)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get smtp(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  async send(id: string, message: SendMailOptions): Promise<void> {
    const info = (await this.transporter.sendMail({ from: this.config.from, ...message })) as {
      message?: Buffer;
    };
    if (!this.smtp && info.message) {
      await mkdir(this.directory, { recursive: true });
      await writeFile(
        join(this.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`),
        info.message,
      );
    }
  }

  close(): void {
    this.transporter.close();
  }
}
