/**
 * The optional local copy of a node's sessions that lets the session cluster survive a
 * power cut of every node ({@code tandem.node.sessions.snapshot.*}): a crash-consistent,
 * append-only file on the node's own disk, written in batches off the request path, and
 * restored only while the cluster starts cold.
 */
package dev.tandem.session.snapshot;
