/**
 * The Redis bus: {@link dev.promptcards.presence.bus.redis.RedisBus}, chosen when the server is given a Redis
 * URL ({@link dev.promptcards.presence.bus.redis.RedisBusSettings}). Pub/sub carries the messages, at most once;
 * a heartbeat key per node tells the others when a node stops.
 */
package dev.promptcards.presence.bus.redis;
