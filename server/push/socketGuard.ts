// Every message a client sends on a socket (screen or console) takes one from the socket's
// allowance: beyond it a command is answered `rate_limited` and anything else is dropped; a socket
// that keeps flooding (three times its allowance refused in a row) is disconnected.
import type { Socket } from 'socket.io';
import { DEVICE_NAMESPACE } from '../../shared/device.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import type { Logger } from '../observability/logger.ts';

export function guardSocketMessages(socket: Socket, limits: RateLimits, logger: Logger, address: string = socket.handshake.address): void {
  let refusedInARow = 0;
  const allowance = Math.max(1, limits.config.socketMessagesPerSec);
  socket.use((packet, next) => {
    limits.take('socket', socket.id).then(
      (wait) => {
        if (!wait) {
          refusedInARow = 0;
          return next();
        }
        refusedInARow += 1;
        const ack = packet.at(-1);
        const message = `too many messages on this socket (over ${allowance} a second): try again in ${wait} s`;
        if ((packet[0] === 'command' || packet[0] === 'rehearse' || packet[0] === 'view') && typeof ack === 'function')
          (ack as (r: unknown) => void)({ ok: false, code: 'rate_limited', message });
        // a phone's every message waits for its answer (a backlog's next chunk): it is told to wait, not left hanging
        else if (socket.nsp.name === DEVICE_NAMESPACE && typeof ack === 'function')
          (ack as (r: unknown) => void)({ ok: false, error: { code: 'rate_limited', message, retryAfterS: wait } });
        if (refusedInARow > 3 * allowance) {
          logger.warn({ socket: socket.id, nsp: socket.nsp.name, address }, 'socket flooding: disconnected');
          socket.disconnect(true);
        }
      },
      (err: Error) => next(err),
    );
  });
}
