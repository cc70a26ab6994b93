package dev.promptcards.presence.bus.redis;

import dev.promptcards.presence.bus.BusListener;
import dev.promptcards.presence.bus.BusMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A bus listener for tests: keeps what it was told. */
final class RecordingListener implements BusListener {

    final List<BusMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> gone = new CopyOnWriteArrayList<>();
    final AtomicInteger resumed = new AtomicInteger();

    @Override
    public void received(BusMessage message) {
        messages.add(message);
    }

    @Override
    public void resumed() {
        resumed.incrementAndGet();
    }

    @Override
    public void nodeGone(String node) {
        gone.add(node);
    }

    List<Long> sequences() {
        return messages.stream().map(BusMessage::sequence).toList();
    }
}
