package dev.promptcards.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport: native epoll when {@link Epoll#isAvailable()} (Linux with the native library),
 * else the JDK's NIO.
 *
 * @param name          {@code "epoll"} or {@code "nio"}, for the log
 * @param handlers      makes the event loops' I/O handlers
 * @param serverChannel the server socket channel class
 */
record Transport(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> serverChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    /**
     * The best transport of this machine.
     *
     * @return epoll if available, else NIO
     */
    static Transport detect() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        LOG.debug("epoll unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
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
