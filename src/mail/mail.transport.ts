import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
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

  /**
   * Deletes the .eml files (written without SMTP_URL) older than `before`, with the outbox's
   * pruning: their content is mail content too. Only *.eml at the top of MAIL_DIR is touched.
   */
  async pruneFiles(before: Date): Promise<number> {
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith('.eml'))) {
      const path = join(this.directory, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.mtimeMs < before.getTime()) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  close(): void {
    this.transporter.close();
  }
}
