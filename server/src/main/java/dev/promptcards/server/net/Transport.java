package dev.promptcards.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport: native epoll when {@code io.netty.channel.epoll.Epoll.isAvailable()} (Linux with the
 * native library), else the JDK's NIO.
 *
 * <p>The epoll classes are looked up by name: the Netty BOM puts the native transport on the runtime
 * classpath only ({@code netty-transport-native-epoll:linux-x86_64}, scope runtime), and without it (another
 * OS, a trimmed classpath) the server still runs on NIO.
 *
 * @param name          {@code "epoll"} or {@code "nio"}, for the log
 * @param handlers      makes the event loops' I/O handlers
 * @param serverChannel the server socket channel class
 */
record Transport(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> serverChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private static final String EPOLL = "io.netty.channel.epoll.Epoll";
    private static final String EPOLL_IO_HANDLER = "io.netty.channel.epoll.EpollIoHandler";
    private static final String EPOLL_SERVER_CHANNEL = "io.netty.channel.epoll.EpollServerSocketChannel";

    /**
     * The best transport of this machine.
     *
     * @return epoll if available, else NIO
     */
    static Transport detect() {
        try {
            ClassLoader loader = Transport.class.getClassLoader();
            Class<?> epoll = Class.forName(EPOLL, true, loader);
            if ((Boolean) epoll.getMethod("isAvailable").invoke(null)) {
                IoHandlerFactory handlers = (IoHandlerFactory) Class.forName(EPOLL_IO_HANDLER, true, loader)
                        .getMethod("newFactory").invoke(null);
                Class<? extends ServerChannel> channel =
                        Class.forName(EPOLL_SERVER_CHANNEL, true, loader).asSubclass(ServerChannel.class);
                return new Transport("epoll", handlers, channel);
            }
            Throwable cause = (Throwable) epoll.getMethod("unavailabilityCause").invoke(null);
            LOG.debug("epoll unavailable, using NIO: {}", String.valueOf(cause));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            LOG.debug("epoll not on the classpath, using NIO: {}", e.toString());
        }
        return nio();
    }

    /**
     * The JDK's NIO transport, available everywhere.
     *
     * @return the NIO transport
     */
    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /**
     * A new group of event loops with named threads.
     *
     * @param threads    the number of event loops; 0 means Netty's default (twice the processors)
     * @param threadName the prefix of the threads' names
     * @return the group; the caller shuts it down
     */
    EventLoopGroup newGroup(int threads, String threadName) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName), handlers);
    }
}
