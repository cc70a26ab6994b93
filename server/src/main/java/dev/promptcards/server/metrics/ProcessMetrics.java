package dev.promptcards.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.util.Objects;

/**
 * Micrometer's binders for what the server runs on, bound to the server's registry: the JVM's memory
 * ({@code jvm_memory_*}, {@code jvm_buffer_*}), garbage collection ({@code jvm_gc_*}), threads
 * ({@code jvm_threads_*}), classes ({@code jvm_classes_*}) and version ({@code jvm_info}); the process's
 * CPU ({@code process_cpu_usage}, {@code system_cpu_*}), uptime ({@code process_uptime_seconds},
 * {@code process_start_time_seconds}) and file descriptors ({@code process_files_open_files},
 * {@code process_files_max_files}); and the memory of the Netty allocator the server's channels use
 * ({@code netty_allocator_*}). {@link #close()} unbinds what holds JVM resources (the GC notification
 * listeners); close it with the server.
 */
public final class ProcessMetrics implements AutoCloseable {

    private final JvmGcMetrics gc;

    private ProcessMetrics(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /**
     * Binds every binder to {@code registry}.
     *
     * @param registry the server's registry
     * @return the binding; close it when the server stops
     */
    public static ProcessMetrics bind(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bindAllocator(registry, serverAllocator());
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new ProcessMetrics(gc);
    }

    /**
     * The allocator of the server's channels. PromptcardsServer sets no {@code ChannelOption.ALLOCATOR},
     * so its channels take {@link ByteBufAllocator#DEFAULT}: in Netty 4.2 the adaptive allocator unless
     * the system property {@code io.netty.allocator.type} says {@code pooled} or {@code unpooled}.
     */
    static ByteBufAllocator serverAllocator() {
        return ByteBufAllocator.DEFAULT;
    }

    /** Netty's pooled, adaptive and unpooled allocators all provide their metrics; another may not. */
    static void bindAllocator(MeterRegistry registry, ByteBufAllocator allocator) {
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    /** Unbinds the GC metrics' notification listeners; the meters stay in the registry. */
    @Override
    public void close() {
        gc.close();
    }
}
