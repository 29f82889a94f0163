// Transition batches on the wire: small ones as JSON, large ones (a burst's batch of hundreds of
// lines) deflated once on the server and sent as one binary attachment to the whole room. Socket
// compression per connection (permessage-deflate) would deflate the same bytes once per screen,
// which at 200 screens costs more CPU than everything else the server does.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { TransitionBatch } from './protocol.ts';

/** Batches whose JSON is longer than this are deflated. */
export const DEFLATE_OVER_CHARS = 4096;

export type EncodedTransitions = TransitionBatch | ArrayBuffer | Uint8Array;

export function encodeTransitions(batch: TransitionBatch): EncodedTransitions {
  const json = JSON.stringify(batch);
  return json.length > DEFLATE_OVER_CHARS ? deflateSync(strToU8(json), { level: 4 }) : batch;
}

export function decodeTransitions(message: EncodedTransitions): TransitionBatch {
  if (message instanceof ArrayBuffer) return JSON.parse(strFromU8(inflateSync(new Uint8Array(message)))) as TransitionBatch;
  if (ArrayBuffer.isView(message))
    return JSON.parse(strFromU8(inflateSync(new Uint8Array(message.buffer, message.byteOffset, message.byteLength)))) as TransitionBatch;
  return message;
}
