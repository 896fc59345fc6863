import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests of expiries and deadlines can move it. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test hook: moves this clock (never the system's) forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
