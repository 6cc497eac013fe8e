import type { ResponseInfo } from '../../http/types.js';
import type { CheckResponse } from '../model.js';

/**
 * A reusable view of one response for captures and checks: the body is decoded and parsed as
 * JSON at most once, and only when something asks. One instance per VU, `reset` per response.
 */
export class ResponseView implements CheckResponse {
  status = 0;
  durationMs = 0;
  #response: Pick<ResponseInfo, 'headers'> | undefined;
  #raw: Buffer | undefined;
  #body: string | undefined;
  #json: unknown;
  #parsed = false;

  reset(response: Pick<ResponseInfo, 'status' | 'headers' | 'body' | 'bodyText'>, durationMs: number): this {
    this.status = response.status;
    // Headers are parsed from the raw head only when a capture or a check reads one.
    this.#response = response;
    this.durationMs = durationMs;
    this.#raw = response.body;
    this.#body = response.bodyText;
    this.#json = undefined;
    this.#parsed = false;
    return this;
  }

  /** Header names in lower case; parsed on first read. */
  get headers(): Record<string, string | string[]> {
    return this.#response === undefined ? {} : this.#response.headers;
  }

  get body(): string {
    this.#body ??= this.#raw ? this.#raw.toString('utf8') : '';
    return this.#body;
  }

  json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      try {
        this.#json = JSON.parse(this.body);
      } catch {
        this.#json = undefined;
      }
    }
    return this.#json;
  }

  /** A header's value, repeated values joined with ', '; undefined when absent. */
  header(name: string): string | undefined {
    const v = this.headers[name];
    return v === undefined ? undefined : typeof v === 'string' ? v : v.join(', ');
  }
}
