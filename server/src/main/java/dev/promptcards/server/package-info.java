/**
 * Server: the promptcards process, which wires every other module together.
 *
 * <p>Owns the Netty WebSocket endpoint speaking the y-websocket protocol, the rooms (one per card),
 * JWT authentication (Nimbus), limits, the admin/REST API (Javalin), metrics, serving the web
 * client, and the command line ({@code main}, picocli) in {@link dev.promptcards.server.cli}.
 *
 * <p>Today only the command line exists: {@code serve} validates its settings and runs a
 * demonstration of the CRDT core; the WebSocket server comes with its own issue.
 */
package dev.promptcards.server;
