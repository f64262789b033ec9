import type { SequentialLayerMessage } from "../../types/nn/sequential.js";

/** Runtime twin of SequentialLayerMessage: the op's message re-addressed to the chain's layer. */
export function sequentialLayerMessage<Index extends number, Message extends string>(
  index: Index,
  message: Message,
): SequentialLayerMessage<Index, Message> {
  const colon = message.indexOf(": ");
  return (
    colon >= 0 ? `sequential layer ${index} (${message.slice(0, colon)}): ${message.slice(colon + 2)}` : `sequential layer ${index}: ${message}`
  ) as SequentialLayerMessage<Index, Message>;
}
