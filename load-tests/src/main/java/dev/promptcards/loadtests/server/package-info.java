/**
 * The server benchmark: our server against the Node y-websocket server ({@code @y/websocket-server}
 * 0.1.1, Yjs 13.6.33, run by {@code src/main/js/reference-server.mjs}) under the same load, each
 * scenario on a fresh process of each, one after the other.
 *
 * <p>The load generator ({@link dev.promptcards.loadtests.server.LoadGenerator}) runs in the bench
 * JVM: Netty WebSocket clients ({@link dev.promptcards.loadtests.server.BenchClient}) speaking
 * y-protocols with the crdt module's messages. Each typed character is a real Yjs update from the
 * client's own doc; receivers read its (clientID, clock) and look its send time up, so latency runs
 * from the sender to every receiver on one clock. CPU and memory come from /proc: the server
 * process, our embedded PostgreSQL's processes apart, the generator itself (a run where it, not the
 * server, was the limit is flagged).
 *
 * <p>Scenarios: steady state at several loads ({@link dev.promptcards.loadtests.server.Traffic}),
 * fan-out to one room (the same with one room), a client joining the B4 card ({@link
 * dev.promptcards.loadtests.server.Join}), idle connections' memory ({@link
 * dev.promptcards.loadtests.server.Idle}), an awareness storm ({@link
 * dev.promptcards.loadtests.server.Traffic} with awareness states) and connection churn ({@link
 * dev.promptcards.loadtests.server.Churn}).
 */
package dev.promptcards.loadtests.server;
