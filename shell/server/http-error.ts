import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error the edge API answers with as `{ error: { code, message } }`. Route code throws it;
 * the app's single error handler turns it into the response, so every error has the same shape.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });
