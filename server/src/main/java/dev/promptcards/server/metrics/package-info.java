/**
 * The process's meters beside the server's own ({@link dev.promptcards.server.room.ServerMetrics}):
 * Micrometer's binders for the JVM, the process and Netty's allocator, bound once by the composition
 * root ({@link dev.promptcards.server.metrics.ProcessMetrics}).
 */
package dev.promptcards.server.metrics;
