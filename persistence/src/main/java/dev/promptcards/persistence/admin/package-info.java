/**
 * The admin store of issue 15: workspaces with names and quotas, their members, API keys (stored as hashes)
 * and the audit log (a SHA-256 hash chain per workspace). Storage only; the HTTP API is built on top.
 */
package dev.promptcards.persistence.admin;
