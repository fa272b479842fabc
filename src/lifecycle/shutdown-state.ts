import { Injectable } from '@nestjs/common';

/** Whether this instance is on its way out: GET /health then answers 503 so balancers move on. */
@Injectable()
export class ShutdownState {
  draining = false;
}
