package dev.promptcards.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a request to stop, so that {@code serve} closes the
 * server itself and exits with 0. (The JVM's own handling would run shutdown hooks and exit with
 * 143 or 130.) A second signal while stopping exits at once with 130. {@link #close()} puts the
 * previous handlers back.
 */
final class ShutdownSignals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<String> received = new AtomicReference<>();
    private final List<Runnable> restore = new ArrayList<>();

    private ShutdownSignals() {}

    /** Installs the handlers; a signal the JVM does not let us handle is left to the JVM. */
    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, signals::onSignal);
                signals.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // e.g. SIGINT ignored by a parent shell (nohup, `&`): the shutdown hook still stops cleanly.
                log.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return signals;
    }

    private void onSignal(Signal signal) {
        if (received.compareAndSet(null, "SIG" + signal.getName())) {
            stop.countDown();
        } else {
            log.warn("SIG{} again while stopping: exiting now", signal.getName());
            Runtime.getRuntime().halt(130);
        }
    }

    /** Blocks until SIGTERM or SIGINT arrives; returns its name ("SIGTERM"). */
    String await() throws InterruptedException {
        stop.await();
        return received.get();
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
