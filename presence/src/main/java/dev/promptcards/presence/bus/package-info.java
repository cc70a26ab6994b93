/**
 * The cross-node bus: how a node tells the other nodes that have a card loaded about the card's updates and
 * awareness changes. {@link dev.promptcards.presence.bus.Bus} is the interface the rooms use;
 * {@link dev.promptcards.presence.bus.InProcessBus} is the implementation of a single node (and of several
 * nodes in one JVM, for tests). Every message names the node that sent it and carries that node's sequence
 * number for the card, so that a receiver can tell a lost message (ARCHITECTURE.md "The bus").
 */
package dev.promptcards.presence.bus;
