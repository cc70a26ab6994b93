package dev.promptcards.presence.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.card.CardKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessBusTest {

    private static final CardKey CARD = new CardKey("w", "c");
    private static final CardKey OTHER = new CardKey("w", "other");

    private static String describe(BusMessage message) {
        return message.kind() + " " + message.node() + " #" + message.sequence() + " " + new String(message.payload());
    }

    @Test
    void a_message_reaches_the_other_nodes_subscribed_to_its_card_numbered_per_node_and_card() {
        InProcessBus.Hub hub = new InProcessBus.Hub();
        InProcessBus a = new InProcessBus(hub, "a");
        InProcessBus b = new InProcessBus(hub, "b");
        List<String> atA = new ArrayList<>();
        List<String> atB = new ArrayList<>();
        a.subscribe(CARD, message -> atA.add(describe(message)));
        b.subscribe(CARD, message -> atB.add(describe(message)));

        a.publish(CARD, BusMessage.Kind.UPDATE, "u1".getBytes());
        a.publish(OTHER, BusMessage.Kind.UPDATE, "elsewhere".getBytes());
        a.publish(CARD, BusMessage.Kind.AWARENESS, "s1".getBytes());
        b.publish(CARD, BusMessage.Kind.UPDATE, "u2".getBytes());

        assertEquals(List.of("UPDATE a #1 u1", "AWARENESS a #2 s1"), atB);
        assertEquals(List.of("UPDATE b #1 u2"), atA);
    }

    @Test
    void a_single_node_bus_delivers_to_nobody() {
        InProcessBus bus = new InProcessBus();
        List<BusMessage> received = new ArrayList<>();
        bus.subscribe(CARD, received::add);

        bus.publish(CARD, BusMessage.Kind.UPDATE, new byte[] {0, 0});

        assertEquals(List.of(), received);
    }

    @Test
    void a_closed_subscription_and_a_closed_node_receive_nothing_more() {
        InProcessBus.Hub hub = new InProcessBus.Hub();
        InProcessBus a = new InProcessBus(hub, "a");
        InProcessBus b = new InProcessBus(hub, "b");
        InProcessBus c = new InProcessBus(hub, "c");
        List<String> atB = new ArrayList<>();
        List<String> atC = new ArrayList<>();
        Subscription subscription = b.subscribe(CARD, message -> atB.add(describe(message)));
        c.subscribe(CARD, message -> atC.add(describe(message)));

        a.publish(CARD, BusMessage.Kind.UPDATE, "1".getBytes());
        subscription.close();
        subscription.close();
        c.close();
        a.publish(CARD, BusMessage.Kind.UPDATE, "2".getBytes());

        assertEquals(List.of("UPDATE a #1 1"), atB);
        assertEquals(List.of("UPDATE a #1 1"), atC);
    }

    @Test
    void a_failing_listener_does_not_keep_the_message_from_the_others() {
        InProcessBus.Hub hub = new InProcessBus.Hub();
        InProcessBus a = new InProcessBus(hub, "a");
        List<String> atC = new ArrayList<>();
        new InProcessBus(hub, "b").subscribe(CARD, message -> {
            throw new IllegalStateException("broken listener");
        });
        new InProcessBus(hub, "c").subscribe(CARD, message -> atC.add(describe(message)));

        a.publish(CARD, BusMessage.Kind.UPDATE, "x".getBytes());

        assertEquals(List.of("UPDATE a #1 x"), atC);
    }

    @Test
    void a_message_needs_a_positive_sequence() {
        assertThrows(IllegalArgumentException.class, () -> new BusMessage(BusMessage.Kind.UPDATE, "a", 0, new byte[0]));
    }
}
