package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import java.nio.charset.StandardCharsets;

/** The names the bus uses in Redis: one pub/sub channel per card, one heartbeat key per node. */
final class RedisKeys {

    private static final String CHANNEL_PREFIX = "promptcards:card:";
    private static final String NODE_PREFIX = "promptcards:node:";

    /** What SCAN MATCH takes to find every heartbeat key. */
    static final byte[] NODE_PATTERN = ascii(NODE_PREFIX + "*");

    private RedisKeys() {
    }

    /**
     * The channel of a card, {@code promptcards:card:{workspace}/{card}}; ids are ASCII ({@link CardKey}).
     *
     * @param card the card
     * @return the channel name
     */
    static byte[] channel(CardKey card) {
        return ascii(CHANNEL_PREFIX + card.workspace() + "/" + card.card());
    }

    /**
     * The card a channel is about.
     *
     * @param channel a channel name
     * @return the card, or null if the name is not a card's channel
     */
    static CardKey card(byte[] channel) {
        String name = new String(channel, StandardCharsets.US_ASCII);
        if (!name.startsWith(CHANNEL_PREFIX)) {
            return null;
        }
        String path = name.substring(CHANNEL_PREFIX.length());
        int slash = path.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String workspace = path.substring(0, slash);
        String card = path.substring(slash + 1);
        return CardKey.isValidId(workspace) && CardKey.isValidId(card) ? new CardKey(workspace, card) : null;
    }

    /**
     * The heartbeat key of a node.
     *
     * @param node the node id
     * @return {@code promptcards:node:{node}}
     */
    static byte[] nodeKey(String node) {
        return ascii(NODE_PREFIX + node);
    }

    /**
     * The node a heartbeat key is of.
     *
     * @param key a key SCAN found with {@link #NODE_PATTERN}
     * @return the node id
     */
    static String node(byte[] key) {
        return new String(key, StandardCharsets.UTF_8).substring(NODE_PREFIX.length());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
